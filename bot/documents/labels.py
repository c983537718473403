"""Every text the documents print, as English msgids (the catalogs translate them into the document's language):
in one place, so that a lawyer or a translator reads the forms' wording together."""

from __future__ import annotations

from ..standard import N_

CONFIDENTIAL = N_("CONFIDENTIAL")
CASE_NUMBER = N_("Case No. {number}")
PAGE_OF = N_("Page {page} of {pages}")
TRAINING = N_("TRAINING — not a real case")
STANDARD_ANNEX = {
    "annex1": N_(
        "Annex 1 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
    "annex2": N_(
        "Annex 2 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
    "annex8": N_(
        "Annex 8 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
}
FORM = N_("Form")
DOCUMENT_TITLES = {
    "annex1": N_("Application"),
    "annex2": N_("Evaluation sheet"),
    "annex8": N_(
        "Report assessing the presence of ill-treatment leading to social maladaptation and social deprivation"
    ),
}
NONE = "—"

# Annex 1
TO_HEAD = N_("To the Head of {organization}")
CAPTION_HEAD = N_("(surname, first name, patronymic (if any) of the head)")
FROM = N_("from {name}")
REQUEST_ALONE = N_(
    "I hereby ask you to admit me to an organization providing special social services to "
    "victims of trafficking in persons for resocialization."
)
REQUEST_WITH_CHILDREN = N_(
    "I hereby ask you to admit me and the accompanying child (children)* to an "
    "organization providing special social services to victims of trafficking "
    "in persons for resocialization."
)
CONSENT = N_(
    "I hereby consent to the collection and processing of my personal data necessary for the "
    "provision of special social services."
)
ACKNOWLEDGEMENT = N_(
    "I have been familiarized with the terms of admission, accommodation, discharge and "
    "termination of services in the organization and with the internal regulations. I "
    "have been warned about responsibility for providing knowingly false information "
    "about myself."
)
CHILDREN_HEADING = N_("* Accompanying children")
NO_CHILDREN = N_("No accompanying children.")
CHILD_RELATION = N_("Family or other relation")
CHILD_NAME = N_("Surname, first name, patronymic (if any)")
CHILD_BIRTH = N_("Date of birth")
CAPTION_CONSENT_DATE = N_("(date of consent)")
CAPTION_APPLICANT = N_("(surname, first name, patronymic (if any) and signature of the applicant)")

# Annex 2
CAPTION_EVALUATED = N_("(surname, first name, patronymic (if any) of the person being evaluated)")
COL_NUMBER = N_("No.")
COL_CRITERION = N_(
    "List of criteria for assessing the presence of ill-treatment in trafficking in persons, "
    "including minors, other types of their exploitation, as well as kidnapping"
)
COL_INDICATORS = N_(
    "Indicators of assessment of the presence of ill-treatment in trafficking in persons, "
    "including minors, other types of their exploitation, as well as kidnapping (points)"
)
POINTS_AND_ANSWER = N_("{points} ({answer})")
# the heading repeated on the sheet's continuation pages
COL_CRITERION_CONTINUED = N_("Criteria (continued)")
COL_POINTS = N_("Points")
NOT_ANSWERED = N_("Not answered")
TOTAL_PER_BLOCK = N_("Total per block")
TOTAL_RESULT = N_("Total result")
RECOGNIZED = N_(
    "Recognized as a victim of ill-treatment as a result of actions related to trafficking in "
    "persons, other types of their exploitation, as well as kidnapping"
)
NOT_RECOGNIZED = N_(
    "Not recognized as a victim of ill-treatment as a result of actions related to "
    "trafficking in persons, other types of their exploitation, as well as kidnapping"
)
NO_VERDICT = N_("No verdict has been recorded yet.")
SUGGESTION = N_("Suggestion of the rule “{rule}”: {suggestion}.")
SUGGESTED_YES = N_("recognized as a victim")
SUGGESTED_NO = N_("not recognized as a victim")
SUGGESTION_IS_AID = N_(
    "The suggestion is computed by the project's reading of the law; the decision is the specialist's."
)
CONFIRMED = N_("The specialist confirmed the suggestion.")
OVERRIDDEN = N_("The specialist overrode the suggestion.")
OVERRIDE_REASON = N_("Reason: {reason}")
NOT_REQUIRED = N_(
    "Identification in accordance with Annex 2 is not required (paragraph 13-1 of the "
    "Standard): a pre-trial investigation has been initiated and the person has been "
    "recognized as a victim."
)
INVESTIGATION = N_("Pre-trial investigation: register No. {number} of {date}")
INVESTIGATION_MISSING = N_("Pre-trial investigation: register number and date not recorded")
CAPTION_EVALUATED_SIGNATURE = N_("(surname, first name, patronymic (if any) of the person being evaluated, date)")
SPECIALIST = N_("Specialist of the organization")
AUTHORITY = N_("Representative of the district (city) authorized body of employment and social programs")
POLICE = N_("Representative of the internal affairs body")
CAPTION_SIGNATURE = N_("(signature)")
CAPTION_OFFICIAL = N_("(surname, first name, patronymic (if any), position, date)")
CAPTION_NAME = N_("(surname, first name, patronymic (if any))")

# Annex 8
FIELDS = (
    N_("1. Last name"),
    N_("2. First name"),
    N_("3. Patronymic (if any)"),
    N_("4. Date and time"),
    N_("5. Venue (name and address of the institution)"),
    N_(
        "6. Circumstances (available at the time of identification, for example, the presence of employees "
        "of organizations, accompanying persons) and information related to the fact"
    ),
    N_(
        "7. Information on what happened to the victim based on the interview (including the methods of "
        "alleged ill-treatment, the time of the alleged ill-treatment and available complaints about the "
        "physical or psychological condition)"
    ),
    N_("8. Surname, first name, patronymic (if any), signature of the person authorized for identification"),
)
NOTE = N_("Note:")
NOTE_LINES = (
    N_("The report is confidential."),
    N_(
        "It is submitted to law enforcement agencies only on a written request and with the written "
        "consent of the victim."
    ),
    N_(
        "The person authorized for identification keeps confidential all information that has become "
        "known during the identification of the victim and that is at their disposal in the performance "
        "of official duties."
    ),
    N_("The person authorized for identification may not disclose or pass the information to third parties."),
)
NO_REPORT = "the case has no Annex 8 report"
