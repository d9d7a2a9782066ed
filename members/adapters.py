from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join through an invitation from their group's Secretariat."""

    def is_open_for_signup(self, request):
        return False
