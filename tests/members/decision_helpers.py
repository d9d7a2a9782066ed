"""A Coordination Group with one seat per pillar on top of group A of the shared `world`."""

from datetime import date

from members import services
from members.models import Institution, Pillar
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory, UserFactory


def three_pillar_board(group_world) -> dict:
    """{pillar: seat holder}: companies (Andes Mining), civil society (the world's coordination user,
    Rights NGO) and government (Ministry of Energy). Every holder represents a member institution."""
    group = group_world.group
    companies = MembershipFactory(
        working_group=group, pillar=Pillar.COMPANIES, institution=InstitutionFactory(name=f"Andes Mining {group.slug}")
    )
    government = MembershipFactory(
        working_group=group,
        pillar=Pillar.GOVERNMENT,
        institution=InstitutionFactory(
            name=f"Ministry of Energy {group.slug}", kind=Institution.Kind.HOST_STATE_AGENCY
        ),
    )
    board = {Pillar.CIVIL_SOCIETY: group_world.users["coordination"]}
    for pillar, membership in ((Pillar.COMPANIES, companies), (Pillar.GOVERNMENT, government)):
        representative = RepresentativeFactory(membership=membership, user=UserFactory(first_name=pillar.title()))
        services.coordination_seat_assign(
            working_group=group, representative=representative, started_on=date(2020, 1, 1)
        )
        board[pillar] = representative.user
    group_world.objects.update(andes=companies, ministry=government)
    return board
