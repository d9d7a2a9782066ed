"""The default structure of members' annual reports per pillar (seeded by vpwg migration 0005; admins
adjust the rows in the Django admin). "{country}" in a title is replaced by the country for sections
repeated per country.

The default titles and guidance are fixed text: a report shows them in the reader's language
(`localised`), while a title the admins changed, and everything the member wrote, stay as written."""

from django.utils.translation import gettext, gettext_noop

# pillar -> [(key, title, guidance, per_country)]
DEFAULT_SECTIONS = {
    "government": [
        (
            "commitment",
            gettext_noop("A. Commitment to the Voluntary Principles"),
            gettext_noop(
                "How the government shows its commitment: policy statements, participation in the Initiative, "
                "national action plans on business and human rights."
            ),
            False,
        ),
        (
            "domestic",
            gettext_noop("B. Domestic policies, laws and regulations"),
            gettext_noop("Laws, regulations and policies that support implementation of the Voluntary Principles."),
            False,
        ),
        (
            "promotion",
            gettext_noop("C. Promotion and implementation of the Voluntary Principles"),
            gettext_noop(
                "Outreach to governments, companies and civil society; international forums; work of the missions."
            ),
            False,
        ),
        (
            "country",
            "{country}",  # the country alone: nothing to translate
            gettext_noop(
                "The work in this country: working groups supported, trainings, dialogue with public security."
            ),
            True,
        ),
        (
            "lessons",
            gettext_noop("Lessons learned and challenges in {country}"),
            gettext_noop("What worked, what did not, and what remains difficult in this country."),
            True,
        ),
    ],
    "companies": [
        (
            "commitment",
            gettext_noop("A. Commitment to the Voluntary Principles"),
            gettext_noop("Public statements, policies and management systems that commit the company to the VPs."),
            False,
        ),
        (
            "policies",
            gettext_noop("B. Policies, procedures and related activities"),
            gettext_noop("Procedures for risk assessment and for relations with public and private security."),
            False,
        ),
        (
            "risk",
            gettext_noop("C. Security and human rights risk assessment in {country}"),
            gettext_noop("How risks were identified and addressed at operations in this country."),
            True,
        ),
        (
            "public_security",
            gettext_noop("D. Interactions with public security in {country}"),
            gettext_noop("Agreements, trainings and incidents involving police or armed forces."),
            True,
        ),
        (
            "private_security",
            gettext_noop("E. Interactions with private security in {country}"),
            gettext_noop("Contracts, vetting, training and monitoring of private security providers."),
            True,
        ),
        (
            "lessons",
            gettext_noop("Lessons learned and challenges"),
            gettext_noop("What the company learned this year and the challenges it faces."),
            False,
        ),
    ],
    "civil_society": [
        (
            "commitment",
            gettext_noop("A. Commitment to the Voluntary Principles"),
            gettext_noop("How the organisation supports the VPs and takes part in the Initiative."),
            False,
        ),
        (
            "promotion",
            gettext_noop("B. Promotion of the Voluntary Principles"),
            gettext_noop("Advocacy, publications, public events and outreach."),
            False,
        ),
        (
            "engagement",
            gettext_noop("C. Engagement with companies and governments in {country}"),
            gettext_noop("Dialogue, monitoring, grievance support and joint work in this country."),
            True,
        ),
        (
            "capacity",
            gettext_noop("D. Capacity building and monitoring"),
            gettext_noop("Trainings for communities, security forces or others; monitoring of implementation."),
            False,
        ),
        (
            "lessons",
            gettext_noop("Lessons learned and challenges"),
            gettext_noop("What the organisation learned this year and the challenges it faces."),
            False,
        ),
    ],
}


_DEFAULTS = {
    (pillar, key): (title, guidance) for pillar, rows in DEFAULT_SECTIONS.items() for key, title, guidance, _ in rows
}


def localised(pillar: str, sections: list[dict]) -> list[dict]:
    """Copies of a report's `sections` whose default titles and guidance are in the active language."""
    result = []
    for section in sections:
        default = _DEFAULTS.get((pillar, section.get("key")))
        section = dict(section)
        if default is not None:
            title, guidance = default
            country = section.get("country", "")
            if section.get("title") == title.replace("{country}", country):
                section["title"] = gettext(title).replace("{country}", country)
            if section.get("guidance") == guidance:
                section["guidance"] = gettext(guidance)
        result.append(section)
    return result
