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
    "annex3": N_(
        "Annex 3 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
    "annex4": N_(
        "Annex 4 to the Standard for the provision of special social services to victims of trafficking in persons"
    ),
}
FORM = N_("Form")
DOCUMENT_TITLES = {
    "annex1": N_("Application"),
    "annex2": N_("Evaluation sheet"),
    "annex8": N_(
        "Report assessing the presence of ill-treatment leading to social maladaptation and social deprivation"
    ),
    "annex3": N_("Standard resocialization agreement"),
    "annex4": N_("Registration card of the recipient of services"),
    "notice21": N_("Information to the internal affairs bodies (para 21)"),
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

# --- Admission (paras 15-21) ---------------------------------------------------------------------------------------

CAPTION_DATE = N_("(date)")
CAPTION_SIGNING_DATE = N_("(date of signing)")
CAPTION_BIRTH_DATE = N_("(date of birth)")
HEAD_OF_ORGANIZATION = N_("Head of the organization")
RECIPIENT_OF_SERVICES = N_("Recipient of services")

# Annex 3
PARTIES = N_(
    "{organization}, represented by {head} (hereinafter the organization), on one side, and {recipient}, born "
    "{born} (hereinafter the recipient of services), on the other side, collectively referred to as the Parties, "
    "have entered into this agreement as follows:"
)
PERMIT = N_(
    "The agreement is entered into on the basis of the permit of the authorized body for the provision of special "
    "social services of {date} (para 15 of the Standard)."
)
SIGNED_ON = N_("Date of signing: {date}")
CHILDREN_ADMITTED = N_(
    "Accompanying children admitted to the organization together with the recipient of services, each a separate "
    "recipient of services (paras 17 and 18 of the Standard):"
)
SUBJECT = N_("1. Subject of the agreement")
SUBJECT_TEXT = N_(
    "The recipient of services shall be provided with special social services aimed at resocialization "
    "(restoration of lost social status)."
)
RIGHTS = N_("2. Rights and obligations of the parties")
# 2.1-2.4: each heading with its numbered items, worded as in the Annex (2.2.2 completed, the Annex truncates it)
RIGHTS_ITEMS = (
    (
        N_("2.1. Obligations of the organization:"),
        (
            N_(
                "familiarize the recipient of services with the conditions for the provision of special social "
                "services;"
            ),
            N_("provide special social services in the prescribed scope;"),
            N_("respect the recipient of services, prevent rudeness, neglect of their duties."),
        ),
    ),
    (
        N_("2.2. Rights of the organization:"),
        (
            N_("monitor the stay of the recipient of services in the organization;"),
            N_("request the information necessary for the provision of special social services;"),
            N_(
                "terminate the agreement unilaterally in case of non-fulfillment or evasion of obligations on the "
                "part of the recipient of services."
            ),
        ),
    ),
    (
        N_("2.3. Obligations of the recipient of services:"),
        (
            N_("take an active part in the process of resocialization;"),
            N_("respect the personnel of the organization;"),
            N_("comply with the terms of this agreement."),
        ),
    ),
    (
        N_("2.4. Rights of the recipient of services:"),
        (
            N_("receive information on the resocialization process;"),
            N_(
                "terminate the agreement unilaterally in case of non-fulfillment or evasion of obligations on the "
                "part of the organization."
            ),
        ),
    ),
)
TERMINATION = N_("3. Termination of the agreement")
TERMINATION_TEXT = N_(
    "3.1. This agreement shall be terminated on the grounds provided for in paragraph 43 of the Standard for the "
    "provision of special social services to victims of trafficking in persons, approved in accordance with "
    "subparagraph 2) of Article 8 of the Law of the Republic of Kazakhstan “On special social services”."
)
TERM = N_("3.2. This agreement is valid for six months (para 16 of the Standard): from {start} to {end}.")
FINAL = N_("4. Final provisions")
FINAL_TEXT = N_("The agreement is made in two copies, one for each of the parties.")
ADDENDUM_TITLE = N_("Addendum to the resocialization agreement No. {number} of {date}")
ADDENDUM_PARTIES = N_(
    "{organization} (hereinafter the organization) and {recipient} (hereinafter the recipient of services) have "
    "agreed as follows:"
)
ADDENDUM_GROUND = N_(
    "1. The resocialization agreement is extended on the ground provided for in subparagraph {subparagraph}) of "
    "paragraph 16 of the Standard: {ground}."
)
ADDENDUM_TERM = N_("2. The agreement is extended by {months} month(s), until {date}.")
ADDENDUM_FINAL = N_(
    "3. This addendum is an integral part of the agreement and is made in two copies, one for each of the parties."
)

# Annex 4
RECIPIENT_NUMBER = N_("Recipient of services No. {number}")
CHILD_OF = N_("Accompanying child of the recipient of services of case No. {case} (para 18 of the Standard)")
CARD_ORGANIZATION = N_("Organization: {organization}")
NOT_KNOWN = N_("not known")
NONE_ANSWER = N_("none")
# Fields 19, 20 and 21 of the card (bot.standard.admission.SIGNATURE_NUMBERS)
CARD_SIGNATURES = (
    N_("Personal signature of the recipient of services"),
    N_("Date"),
    N_(
        "Surname, first name, patronymic (if any) and signature of the specialist of the organization who filled "
        "in the card"
    ),
)

# Para 21
NOTICE_TO = N_("To the internal affairs body")
CAPTION_BODY = N_("(name of the internal affairs body)")
OUTGOING = N_("Outgoing No. {reference} of {date}")
CAPTION_REFERENCE = N_("(outgoing number)")
NOTICE_TEXT = N_(
    "In accordance with paragraph 21 of the Standard for the provision of special social services to victims of "
    "trafficking in persons, {organization} informs that on {date} a person turned to the organization in "
    "connection with human trafficking (case No. {number})."
)
NOTICE_DECLINED = N_("On {date} the person declined to submit an application to the internal affairs bodies.")
NOTICE_CONFIDENTIAL = N_("The personal data of the person are kept confidential and are not given in this information.")
PREPARED_BY = N_("Prepared by: {specialist}")
