"""One click where there were two (issue 16): the Coordination Group approves or requests changes from the
minutes page, the Secretariat circulates from it, submits from a clean check and applies a suggested
wording from the check. Each is a plain form posting to the one service of its step (no JavaScript), and
the confirmation pages stay for the e-mails' links."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from minutes import services
from minutes.exceptions import StaleSuggestion, TransitionNotAllowed
from minutes.models import AttributionAcceptance, Minutes, MinutesStatusChange
from tests.factories.minutes import MinutesFactory
from tests.minutes.test_attribution_views import _draft, _save
from tests.minutes.test_review_views import _returned, _second_reviewer
from vpwg.models import AuditRecord

pytestmark = pytest.mark.django_db


def _url(name, minutes, **kwargs):
    return reverse(
        f"minutes:{name}", kwargs={"group_slug": minutes.working_group.slug, "minutes_id": minutes.pk, **kwargs}
    )


class _Controls(HTMLParser):
    """The page's buttons and links by accessible name (their text), each with the form it is in (method,
    action), and the labels of the fields by the id they point to."""

    def __init__(self):
        super().__init__()
        self.buttons, self.links, self.labels, self.fields = [], [], {}, {}
        self._form, self._open, self._label = None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = (attrs.get("method", "get"), attrs.get("action", ""))
        elif tag in ("button", "a"):
            self._open = {"tag": tag, "text": "", "form": self._form, **attrs}
        elif tag == "label":
            self._label = [attrs.get("for"), ""]
        elif tag in ("textarea", "input") and "id" in attrs:
            self.fields[attrs["id"]] = {"tag": tag, "form": self._form, **attrs}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data
        if self._label is not None:
            self._label[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag in ("button", "a") and self._open is not None:
            self._open["text"] = " ".join(self._open["text"].split())
            (self.buttons if tag == "button" else self.links).append(self._open)
            self._open = None
        elif tag == "label" and self._label is not None:
            self.labels[" ".join(self._label[1].split())] = self._label[0]
            self._label = None

    def buttons_named(self, name):
        return [b for b in self.buttons if b["text"] == name]

    def field_labelled(self, label):
        return self.fields[self.labels[label]]


def _controls(response) -> _Controls:
    assert response.status_code == 200
    parser = _Controls()
    parser.feed(response.content.decode())
    return parser


# --- 1. Review and circulation on the minutes page ------------------------------------------------------


def test_a_reviewer_finds_approve_and_request_changes_as_forms_on_the_page(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    page = _controls(client_as(a.users["coordination"]).get(_url("minutes-detail", minutes)))
    [approve] = page.buttons_named("Approve")
    assert approve["form"] == ("post", _url("minutes-approve", minutes))
    [request_changes] = page.buttons_named("Request changes")
    assert request_changes["form"] == ("post", _url("minutes-return", minutes))
    note = page.field_labelled("What should change")
    assert note["tag"] == "textarea" and note["name"] == "note" and "required" in note
    assert note["form"] == request_changes["form"]
    # No link to the confirmation pages beside the forms (one name, one control), and the forms say
    # what happens next to their buttons.
    hrefs = {link.get("href") for link in page.links}
    assert not hrefs & {_url("minutes-approve", minutes), _url("minutes-return", minutes)}
    body = client_as(a.users["coordination"]).get(_url("minutes-detail", minutes)).content.decode()
    assert "Your approval counts towards the group" in body and "with your note at the top" in body
    assert 'name="csrfmiddlewaretoken"' in body[body.index('id="review"') :]


def test_approving_from_the_page_records_the_approval_and_comes_back_with_the_message(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    client = client_as(a.users["coordination"])
    response = client.post(_url("minutes-approve", minutes), follow=True)
    assert response.redirect_chain == [(_url("minutes-detail", minutes), 302)]
    assert "Your approval is recorded." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED  # the only seat of world A: the rule is met
    assert AuditRecord.objects.filter(action="minutes.approval_given", target_id=str(minutes.pk)).count() == 1


def test_an_approver_who_has_approved_sees_no_approve_button(world, client_as):
    a = world["a"]
    other = _second_reviewer(a)  # two seats: one approval leaves the minutes submitted
    minutes = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    client = client_as(a.users["coordination"])
    client.post(_url("minutes-approve", minutes))
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SUBMITTED
    page = _controls(client.get(_url("minutes-detail", minutes)))
    assert page.buttons_named("Approve") == [] and len(page.buttons_named("Request changes")) == 1
    assert "You have approved this version." in client.get(_url("minutes-detail", minutes)).content.decode()
    assert len(_controls(client_as(other).get(_url("minutes-detail", minutes))).buttons_named("Approve")) == 1


def test_requesting_changes_from_the_page_needs_the_note_and_records_it(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    client = client_as(a.users["coordination"])
    # A post the browser could not hold back (no note): the confirmation page, with the field's error.
    empty = client.post(_url("minutes-return", minutes), {"note": " "})
    assert empty.status_code == 200 and "This field is required." in empty.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SUBMITTED

    response = client.post(_url("minutes-return", minutes), {"note": "Say which province."}, follow=True)
    assert response.redirect_chain == [(_url("minutes-detail", minutes), 302)]
    assert "Changes requested; the Secretariat has been told." in response.content.decode()
    change = MinutesStatusChange.objects.filter(minutes=minutes).latest("pk")
    assert (change.to_status, change.note) == ("changes_requested", "Say which province.")
    assert change.actor == a.users["coordination"]


def test_the_secretariat_circulates_approved_minutes_from_the_page_told_that_it_cannot_be_undone(world, client_as):
    a = world["a"]
    minutes = MinutesFactory(a, status=Minutes.Status.APPROVED)
    client = client_as(a.users["secretariat"])
    response = client.get(_url("minutes-detail", minutes))
    page = _controls(response)
    [circulate] = page.buttons_named("Circulate")
    assert circulate["form"] == ("post", _url("minutes-circulate", minutes))
    assert circulate["aria-describedby"] == "circulate-explanation circulate-warning"
    assert _url("minutes-circulate", minutes) not in {link.get("href") for link in page.links}
    body = response.content.decode()
    section = body[body.index('id="circulate"') : body.index("</section>", body.index('id="circulate"'))]
    assert "Circulated minutes are locked." in section and "This cannot be undone" in section
    # The confirmation page (the e-mail's and the waiting list's link) says the same.
    confirm = client.get(_url("minutes-circulate", minutes)).content.decode()
    assert "Circulated minutes are locked." in confirm and "This cannot be undone" in confirm

    done = client.post(_url("minutes-circulate", minutes), follow=True)
    assert done.redirect_chain == [(_url("minutes-detail", minutes), 302)]
    assert "The minutes are circulated." in done.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    assert _controls(client.get(_url("minutes-detail", minutes))).buttons_named("Circulate") == []


@pytest.mark.parametrize(
    ("status", "role"),
    [
        ("submitted", "secretariat"),  # its own text: nothing to review, nothing to circulate yet
        ("approved", "coordination"),  # reviewed already; circulating is the Secretariat's
        ("circulated", "member"),
        ("circulated", "secretariat"),
    ],
)
def test_the_page_offers_a_step_only_to_whoever_may_take_it(world, client_as, status, role):
    a = world["a"]
    minutes = MinutesFactory(a, status=status)
    page = _controls(client_as(a.users[role]).get(_url("minutes-detail", minutes)))
    names = {button["text"] for button in page.buttons}
    assert not names & {"Approve", "Request changes", "Circulate"}, names


def test_the_review_and_circulation_controls_read_in_spanish(world, client_as, in_spanish):
    a = world["a"]
    submitted = MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    approved = MinutesFactory(a, status=Minutes.Status.APPROVED)
    in_spanish(a.users["coordination"], a.users["secretariat"])
    review = _controls(client_as(a.users["coordination"]).get(_url("minutes-detail", submitted)))
    assert len(review.buttons_named("Aprobar")) == 1 and len(review.buttons_named("Solicitar cambios")) == 1
    assert review.field_labelled("Qué debe cambiar")["name"] == "note"
    circulate = _controls(client_as(a.users["secretariat"]).get(_url("minutes-detail", approved)))
    assert len(circulate.buttons_named("Distribuir")) == 1


# --- 2. Submit from a clean check ------------------------------------------------------------------------


def test_a_clean_check_offers_the_submission_in_one_click(peru, client_as):
    minutes = _draft(peru)
    client = client_as(peru.users["secretariat"])
    response = client.get(_url("minutes-check", minutes))
    assert "No names found." in response.content.decode()
    page = _controls(response)
    [submit] = page.buttons_named("Submit to the Coordination Group")
    assert submit["form"] == ("post", _url("minutes-submit", minutes))
    assert _url("minutes-submit", minutes) not in {link.get("href") for link in page.links}
    assert "The draft becomes a new version that the Coordination Group reviews." in response.content.decode()

    done = client.post(_url("minutes-submit", minutes), follow=True)
    assert done.redirect_chain == [(_url("minutes-detail", minutes), 302)]
    assert "Submitted to the Coordination Group." in done.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SUBMITTED and minutes.latest_version_number == 1
    assert _controls(client.get(_url("minutes-check", minutes))).buttons_named("Submit to the Coordination Group") == []


def test_no_submission_from_the_check_while_a_mention_is_neither_fixed_nor_accepted(peru, client_as):
    minutes = _draft(peru, text="Según la Sra. Condori, el estudio avanza.")
    page = _controls(client_as(peru.users["secretariat"]).get(_url("minutes-check", minutes)))
    assert page.buttons_named("Submit to the Coordination Group") == []


def test_the_submission_from_the_check_warns_of_comments_still_open_beside_the_button(world, client_as):
    a = world["a"]
    minutes, _comment = _returned(a)  # returned with one comment, not resolved
    response = client_as(a.users["secretariat"]).get(_url("minutes-check", minutes))
    [submit] = _controls(response).buttons_named("Submit to the Coordination Group")
    body = response.content.decode()
    warning = body[body.index('id="submit-warning"') :]
    assert warning.split("</p>")[0].endswith("1 comment of the Coordination Group is not resolved yet.")
    assert "submit-warning" in submit["aria-describedby"]
    # The confirmation page counts the same comments.
    assert "1 comment of the Coordination Group is not resolved yet." in (
        client_as(a.users["secretariat"]).get(_url("minutes-submit", minutes)).content.decode()
    )


def test_the_submit_button_of_the_check_reads_in_spanish(peru, client_as, in_spanish):
    minutes = _draft(peru)
    in_spanish(peru.users["secretariat"])
    response = client_as(peru.users["secretariat"]).get(_url("minutes-check", minutes))
    assert "No se encontraron nombres" in response.content.decode()
    assert len(_controls(response).buttons_named("Enviar al Grupo de Coordinación")) == 1


# --- 3. A suggested wording applied from the check -------------------------------------------------------


def _apply_data(hit, **changes):
    data = {
        "section_key": hit.section,
        "field": hit.field,
        "start": hit.start,
        "end": hit.end,
        "matched": hit.matched,
        "suggestion": hit.suggestion,
    }
    return {**data, **changes}


def _named(world, text):
    """A clean draft whose opening then says `text` (saved as the editor saves)."""
    minutes = _draft(world)
    _save(world, minutes, text)
    return minutes


def _only_hit(minutes, scope=AttributionAcceptance.Scope.MINUTES):
    (result,) = services.attribution_check(minutes, scope=scope)
    return result["hit"]


def test_a_suggestion_is_applied_from_the_check_saved_and_checked_again(peru, client_as):
    minutes = _named(peru, "Según la Sra. Condori, el estudio de alcance avanza en Cusco.")
    hit = _only_hit(minutes)
    client = client_as(peru.users["secretariat"])
    response = client.get(_url("minutes-check", minutes))
    [apply] = _controls(response).buttons_named("Apply “un representante de una empresa” (Sra. Condori)")
    assert apply["form"] == ("post", _url("minutes-check-apply", minutes))
    body = response.content.decode()
    for name, value in _apply_data(hit).items():
        assert f'name="{name}" value="{value}"' in body
    revision = minutes.revision

    done = client.post(_url("minutes-check-apply", minutes), _apply_data(hit), follow=True)
    assert done.redirect_chain == [(_url("minutes-check", minutes), 302)]
    text = done.content.decode()
    assert "No names found." in text and "the check ran again on the saved text" in text
    minutes.refresh_from_db()
    assert (
        minutes.sections[0]["summary"]
        == "Según un representante de una empresa, el estudio de alcance avanza en Cusco."
    )
    assert minutes.revision == revision + 1  # a save like the editor's
    # ... so the clean result offers the submission right there.
    assert (
        len(_controls(client.get(_url("minutes-check", minutes))).buttons_named("Submit to the Coordination Group"))
        == 1
    )


def test_an_editor_open_on_the_text_before_the_apply_is_told_someone_saved(peru, client_as):
    minutes = _named(peru, "La Sra. Condori presentó el informe.")
    open_revision = minutes.revision
    client = client_as(peru.users["secretariat"])
    client.post(_url("minutes-check-apply", minutes), _apply_data(_only_hit(minutes)))
    autosave = client.post(_url("minutes-autosave", minutes), {"revision": open_revision, "summary-opening": "x"})
    assert autosave.status_code == 409  # the autosave's revision rule, as after any save


def test_a_stale_apply_is_refused_with_a_message_and_changes_nothing(peru, client_as):
    minutes = _named(peru, "La Sra. Condori presentó el informe.")
    hit = _only_hit(minutes)
    _save(peru, minutes, "Luego, la Sra. Condori presentó el informe.")  # the name moved since the check
    client = client_as(peru.users["secretariat"])
    response = client.post(_url("minutes-check-apply", minutes), _apply_data(hit), follow=True)
    assert response.redirect_chain == [(_url("minutes-check", minutes), 302)]
    assert "The text changed since the check" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.sections[0]["summary"] == "Luego, la Sra. Condori presentó el informe."
    # Another wording than the check offers, or words that are not at that place: refused as well.
    for changes in ({"suggestion": "nadie"}, {"matched": "Sra. Mamani"}, {"start": hit.start + 1}):
        with pytest.raises(StaleSuggestion):
            services.attribution_apply_suggestion(
                minutes=minutes, actor=peru.users["secretariat"], **_fields(_apply_data(_only_hit(minutes), **changes))
            )
    assert minutes.sections[0]["summary"] == "Luego, la Sra. Condori presentó el informe."


def _fields(data):
    return {**data, "start": int(data["start"]), "end": int(data["end"])}


def test_a_suggestion_applies_to_a_follow_up_action_and_the_public_summary(peru):
    minutes = _draft(peru)
    secretariat = peru.users["secretariat"]
    action = services.action_add(
        minutes=minutes,
        actor=secretariat,
        description="Enviar a la Sra. Condori el estudio",
        institution=peru.objects["ngo"],
        due_on=timezone.localdate() + timedelta(days=30),
    )
    services.attribution_apply_suggestion(
        minutes=minutes, actor=secretariat, **_fields(_apply_data(_only_hit(minutes)))
    )
    action.refresh_from_db()
    assert action.description == "Enviar a un representante de una empresa el estudio"

    services.summary_save(minutes=minutes, actor=secretariat, title="Seguridad", text="La Sra. Condori habló.")
    minutes.refresh_from_db()
    hit = _only_hit(minutes, AttributionAcceptance.Scope.SUMMARY)
    summary = services.attribution_apply_suggestion(minutes=minutes, actor=secretariat, **_fields(_apply_data(hit)))
    assert (summary.title, summary.text) == ("Seguridad", "Un representante de una empresa habló.")
    minutes = Minutes.objects.get(pk=minutes.pk)  # not the summary read before
    assert (
        services.attribution_check(minutes)
        == []
        == services.attribution_check(minutes, scope=AttributionAcceptance.Scope.SUMMARY)
    )


def test_only_the_secretariat_applies_a_suggestion_and_only_to_a_draft(peru):
    minutes = _named(peru, "La Sra. Condori presentó el informe.")
    data = _fields(_apply_data(_only_hit(minutes)))
    with pytest.raises(PermissionDenied):
        services.attribution_apply_suggestion(minutes=minutes, actor=peru.users["coordination"], **data)
    services.attribution_accept(
        minutes=minutes, actor=peru.users["secretariat"], term=_only_hit(minutes).term, reason="Convenor"
    )
    services.minutes_submit(minutes=minutes, actor=peru.users["secretariat"])
    with pytest.raises(TransitionNotAllowed):
        services.attribution_apply_suggestion(minutes=minutes, actor=peru.users["secretariat"], **data)
    minutes.refresh_from_db()
    assert minutes.sections[0]["summary"] == "La Sra. Condori presentó el informe."


def test_no_apply_button_where_the_text_cannot_be_edited_or_the_mention_is_accepted(peru, client_as):
    minutes = _named(peru, "La Sra. Condori presentó el informe.")
    services.attribution_accept(
        minutes=minutes, actor=peru.users["secretariat"], term=_only_hit(minutes).term, reason="Convenor"
    )
    client = client_as(peru.users["secretariat"])
    page = _controls(client.get(_url("minutes-check", minutes)))
    assert not [b for b in page.buttons if b["text"].startswith("Apply “")]
    services.minutes_submit(minutes=minutes, actor=peru.users["secretariat"])
    minutes.acceptances.all().delete()  # the submitted text names her again: still no button, not a draft
    page = _controls(client.get(_url("minutes-check", minutes)))
    assert not [b for b in page.buttons if b["text"].startswith("Apply “")]


def test_the_apply_button_reads_in_spanish(peru, client_as, in_spanish):
    minutes = _named(peru, "Según la Sra. Condori, el estudio avanza.")
    in_spanish(peru.users["secretariat"])
    page = _controls(client_as(peru.users["secretariat"]).get(_url("minutes-check", minutes)))
    assert [b["text"] for b in page.buttons if b["text"].startswith("Aplicar «")] == [
        "Aplicar «un representante de una empresa» (Sra. Condori)"
    ]
