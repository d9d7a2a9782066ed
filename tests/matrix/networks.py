"""Rows for the network pages (issue 19): only the network's own staff read them; another network's staff,
the group's own people and outsiders get 404; a group that does not share, or of another network, is 404
for everyone. Two networks, each with a sharing group and a group that does not share (world A's group is
in both: sharing with the first, not with the second), and every network URL read through each."""

from networks import services
from networks.models import Network, NetworkGroup
from tests.factories.members import UserFactory, WorkingGroupFactory

from . import LOGIN, Row, everyone, only


def build(world):
    """World A's group shares with its network; a second group of it does not; a third is of another network.
    The staff of both networks join world.users (their sessions are signed in with the others)."""
    slug = world.group.slug
    platform_admin = UserFactory(is_superuser=True, is_staff=True)
    network = Network.objects.create(name=f"Network {slug}", slug=f"net-{slug}")
    other = Network.objects.create(name=f"Other network {slug}", slug=f"other-{slug}")
    row = NetworkGroup.objects.create(network=network, working_group=world.group, shares_figures=True)
    not_sharing = WorkingGroupFactory(slug=f"{slug}-quiet", name=f"Quiet {slug}")
    NetworkGroup.objects.create(network=network, working_group=not_sharing, shares_figures=False)
    elsewhere = WorkingGroupFactory(slug=f"{slug}-elsewhere", name=f"Elsewhere {slug}")
    NetworkGroup.objects.create(network=other, working_group=elsewhere, shares_figures=True)
    elsewhere_quiet = WorkingGroupFactory(slug=f"{slug}-elsewhere-quiet", name=f"Elsewhere quiet {slug}")
    NetworkGroup.objects.create(network=other, working_group=elsewhere_quiet, shares_figures=False)
    NetworkGroup.objects.create(network=other, working_group=world.group, shares_figures=False)
    for role, target in (("network_staff", network), ("other_network_staff", other)):
        user = UserFactory()
        services.network_staff_set(network=target, user=user, staff=True, actor=platform_admin)
        world.users[role] = user
    world.objects.update(
        network=network,
        other_network=other,
        network_row=row,
        not_sharing=not_sharing,
        elsewhere=elsewhere,
        elsewhere_quiet=elsewhere_quiet,
    )


def _network(world, key="network"):
    return {"network_slug": world.objects[key].slug}


def _other(world):
    return _network(world, "other_network")


def _group(key, network="network"):
    def kwargs(world):
        group = world.group if key == "sharing" else world.objects[key]
        return {**_network(world, network), "group_slug": group.slug}

    return kwargs


def staff_only(status: int = 200) -> dict:
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        "network_staff": status,
        "other_network_staff": 404,
        "secretariat": 404,
        "member": 404,
    }


def other_staff_only() -> dict:
    """A page of the other network: its staff only; this network's staff and world A's people 404."""
    return {**staff_only(404), "other_network_staff": 200}


def nobody() -> dict:
    return {**staff_only(404), "anonymous": LOGIN}


def _row(world):
    return {"row_id": world.objects["network_row"].pk}


ROWS = [
    # Inside the group: the networks it is part of (everyone), its administrators' decision to share.
    Row("group_networks:index", everyone(200)),
    Row("group_networks:sharing-decide", only({"admin"}), kwargs=_row),
    Row(
        "group_networks:sharing-decide",
        only({"admin"}, 302),
        kwargs=_row,
        method="post",
        data=lambda world: {"shares_figures": "", "reason": "Plenary of 10 March 2026"},
    ),
    Row("networks:overview", staff_only(), kwargs=_network, group_scoped=False, network=True),
    Row("networks:overview-csv", staff_only(), kwargs=_network, group_scoped=False, network=True),
    Row(
        "networks:group-detail",
        staff_only(),
        kwargs=_group("sharing"),
        group_scoped=False,
        network=True,
        label="sharing",
    ),
    Row(
        "networks:group-detail",
        nobody(),
        kwargs=_group("not_sharing"),
        group_scoped=False,
        network=True,
        label="not-sharing",
    ),
    Row(
        "networks:group-detail",
        nobody(),
        kwargs=_group("elsewhere"),
        group_scoped=False,
        network=True,
        label="other-network",
    ),
    # The same URLs of the other network: its staff only, and only its sharing group.
    Row("networks:overview", other_staff_only(), kwargs=_other, group_scoped=False, network=True, label="other"),
    Row("networks:overview-csv", other_staff_only(), kwargs=_other, group_scoped=False, network=True, label="other"),
    Row(
        "networks:group-detail",
        other_staff_only(),
        kwargs=_group("elsewhere", "other_network"),
        group_scoped=False,
        network=True,
        label="other:sharing",
    ),
    Row(
        "networks:group-detail",
        nobody(),
        kwargs=_group("elsewhere_quiet", "other_network"),
        group_scoped=False,
        network=True,
        label="other:not-sharing",
    ),
    Row(  # world A's group is in the other network too, but does not share there
        "networks:group-detail",
        nobody(),
        kwargs=_group("sharing", "other_network"),
        group_scoped=False,
        network=True,
        label="other:group-sharing-only-with-the-first",
    ),
    Row(
        "networks:group-detail",
        nobody(),
        kwargs=_group("not_sharing", "other_network"),
        group_scoped=False,
        network=True,
        label="other:group-of-the-first-network",
    ),
]
