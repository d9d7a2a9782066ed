"""The default structure of members' annual reports per pillar (seeded by vpwg migration 0005; admins
adjust the rows in the Django admin). "{country}" in a title is replaced by the country for sections
repeated per country."""

# pillar -> [(key, title, guidance, per_country)]
DEFAULT_SECTIONS = {
    "government": [
        (
            "commitment",
            "A. Commitment to the Voluntary Principles",
            "How the government shows its commitment: policy statements, participation in the Initiative, "
            "national action plans on business and human rights.",
            False,
        ),
        (
            "domestic",
            "B. Domestic policies, laws and regulations",
            "Laws, regulations and policies that support implementation of the Voluntary Principles.",
            False,
        ),
        (
            "promotion",
            "C. Promotion and implementation of the Voluntary Principles",
            "Outreach to governments, companies and civil society; international forums; work of the missions.",
            False,
        ),
        (
            "country",
            "{country}",
            "The work in this country: working groups supported, trainings, dialogue with public security.",
            True,
        ),
        (
            "lessons",
            "Lessons learned and challenges in {country}",
            "What worked, what did not, and what remains difficult in this country.",
            True,
        ),
    ],
    "companies": [
        (
            "commitment",
            "A. Commitment to the Voluntary Principles",
            "Public statements, policies and management systems that commit the company to the VPs.",
            False,
        ),
        (
            "policies",
            "B. Policies, procedures and related activities",
            "Procedures for risk assessment and for relations with public and private security.",
            False,
        ),
        (
            "risk",
            "C. Security and human rights risk assessment in {country}",
            "How risks were identified and addressed at operations in this country.",
            True,
        ),
        (
            "public_security",
            "D. Interactions with public security in {country}",
            "Agreements, trainings and incidents involving police or armed forces.",
            True,
        ),
        (
            "private_security",
            "E. Interactions with private security in {country}",
            "Contracts, vetting, training and monitoring of private security providers.",
            True,
        ),
        (
            "lessons",
            "Lessons learned and challenges",
            "What the company learned this year and the challenges it faces.",
            False,
        ),
    ],
    "civil_society": [
        (
            "commitment",
            "A. Commitment to the Voluntary Principles",
            "How the organisation supports the VPs and takes part in the Initiative.",
            False,
        ),
        (
            "promotion",
            "B. Promotion of the Voluntary Principles",
            "Advocacy, publications, public events and outreach.",
            False,
        ),
        (
            "engagement",
            "C. Engagement with companies and governments in {country}",
            "Dialogue, monitoring, grievance support and joint work in this country.",
            True,
        ),
        (
            "capacity",
            "D. Capacity building and monitoring",
            "Trainings for communities, security forces or others; monitoring of implementation.",
            False,
        ),
        (
            "lessons",
            "Lessons learned and challenges",
            "What the organisation learned this year and the challenges it faces.",
            False,
        ),
    ],
}
