"""The Secretariat's page of e-mails that may not have arrived (vpwg/outbox.py): unknown or given up."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .errors import DomainError
from .models import OutboxMessage
from .outbox import message_id_of, outbox_needing_attention, outbox_resend
from .views import group_view


@group_view("manage_outbox")
def undelivered(request):
    rows = list(outbox_needing_attention(request.working_group)[:200])
    for row in rows:
        row.message_id, row.state_label = message_id_of(row), OutboxMessage.State(row.state).label
    return render(request, "vpwg/outbox_undelivered.html", {"rows": rows})


@group_view("manage_outbox")
@require_POST
def resend(request, message_id: int):
    group = request.working_group
    message = get_object_or_404(OutboxMessage, pk=message_id, working_group=group)
    try:
        outbox_resend(message=message, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The e-mail to %(recipient)s is queued again.") % {"recipient": message.recipient})
    return redirect("outbox:undelivered", group_slug=group.slug)
