"""Every screen's state, named after what the specialist sees."""

from aiogram.fsm.state import State, StatesGroup


class Start(StatesGroup):
    language = State()


class Menu(StatesGroup):
    main = State()


class Drafts(StatesGroup):
    list = State()
    draft = State()
    cancel = State()


class Intake(StatesGroup):
    basis = State()
    investigation_number = State()
    investigation_date = State()
    place = State()
    checklist = State()
    checklist_reason = State()
    interview_language = State()
    other_language = State()
    interpreter = State()
    interpreter_name = State()
    interpreter_language = State()
    interpreter_briefing = State()
    interpreter_checklist = State()
    needs = State()
    needs_action = State()
    minor = State()
    contraindications = State()
    referral = State()
    opening = State()
    consent = State()
    consent_refused = State()
    surname = State()
    first_name = State()
    patronymic = State()
    birth_date = State()
    birth_calendar = State()
    sex = State()
    citizenship = State()
    not_eligible = State()
    documents = State()
    children = State()
    child_surname = State()
    child_first_name = State()
    child_patronymic = State()
    child_birth_date = State()
    child_relation = State()
    conversation = State()
    topic = State()
    closing = State()


class Break(StatesGroup):
    main = State()


class Evaluation(StatesGroup):
    row = State()
    guide = State()
    review = State()
    override_reason = State()


class Saved(StatesGroup):
    case = State()


class ReportForm(StatesGroup):
    held_at = State()
    venue = State()
    circumstances = State()
    narrative = State()
    review = State()
    replace_part = State()
    authorized = State()


class Documents(StatesGroup):
    main = State()


class Cases(StatesGroup):
    recent = State()
    card = State()
    agreement_date = State()
    extension_ground = State()
    extension_months = State()


class Team(StatesGroup):
    members = State()
    member = State()
    invite_role = State()
    invite = State()
    audit = State()
    head_name = State()
    position = State()
    contacts = State()
    contacts_edit = State()


class ShareForm(StatesGroup):
    police = State()
    request_number = State()
    request_date = State()
    consent = State()
    consent_date = State()
    result = State()


class Permit(StatesGroup):
    waiting = State()
    case = State()
    confirm_issue = State()
    refuse_reason = State()
    done = State()


class CaseStatus(StatesGroup):
    list = State()
    one = State()


class Admission(StatesGroup):
    hub = State()
    recipient = State()
    guardianship = State()
    center = State()
    referral_date = State()
    portal_date = State()
    police = State()
    notice_body = State()
    notice_reference = State()
    notice_date = State()


class CardForm(StatesGroup):
    fields = State()
    field = State()
    table = State()
    cell = State()


class Statistics(StatesGroup):
    main = State()


class Resocialization(StatesGroup):
    hub = State()
    observed_from = State()
    observed_to = State()
    need = State()
    opinion = State()
    stay = State()
    event_date = State()
    plan = State()
    plan_reason = State()
    plan_items = State()
    plan_period = State()
    plan_measure = State()
    plan_specialist = State()
    plan_date = State()
    quarter = State()
    journal_service = State()
    positive = State()
    areas = State()
    no_change = State()
    decision = State()
    journal_date = State()
    ending = State()
    ground = State()
    referral = State()
    order_number = State()
    order_date = State()
    hand_back = State()


class HeadOverview(StatesGroup):
    main = State()
