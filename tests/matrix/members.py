from . import Row, everyone, only, public


def _institution(world):
    return {"institution_id": world.objects["company"].institution_id}


def _invite_data(world):
    return {
        "first_name": "Ana",
        "last_name": "Nueva",
        "email": f"ana.{world.group.slug}@example.org",
        "role": "alternate",
    }


def _representative(world):
    return {"representative_id": world.objects["member_rep"].pk}


ROWS = [
    Row("members:dashboard", everyone(200)),
    Row("members:directory", everyone(200)),
    Row("members:institution-detail", everyone(200), kwargs=_institution),
    Row("members:representative-invite", only({"secretariat", "admin"}), kwargs=_institution),
    Row(
        "members:representative-invite",
        only({"secretariat", "admin"}, 302),
        kwargs=_institution,
        method="post",
        data=_invite_data,
    ),
    Row("members:representative-remove", only({"secretariat", "admin"}), kwargs=_representative),
    Row(
        "members:representative-remove",
        only({"secretariat", "admin"}, 302),
        kwargs=_representative,
        method="post",
        data=lambda world: {"reason": "Left the company"},
    ),
    Row(
        "invitations:accept",
        public(410),
        kwargs=lambda world: {"token": "not-a-real-token"},
        group_scoped=False,
        label="unknown token",
    ),
]
