"""Circulated free text refuses invisible and text-direction characters, saying which and where."""

import pytest
from django.core.exceptions import ValidationError

from meetings.forms import TopicForm
from vpwg.validators import refuse_invisible, strip_invisible


def test_refuse_invisible_names_the_characters_and_the_words_they_hide_in():
    with pytest.raises(ValidationError) as refused:
        refuse_invisible("La Sra. Con\u202edo\u200bri habló con \u200bGarcía.")
    message = refused.value.messages[0]
    assert "3 invisible or text-direction characters" in message
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in message and "U+200B ZERO WIDTH SPACE" in message
    assert "“Condori”, “García”" in message
    refuse_invisible("Condori Mamani, D’Souza — sin nada oculto.")  # typography is welcome


def test_strip_invisible_counts_what_it_removes():
    assert strip_invisible("Con\u202edo\u200bri") == ("Condori", 2)


def test_a_circulated_form_refuses_them_with_a_message():
    form = TopicForm(data={"title": "Seguridad\u2066 privada", "description": ""})
    assert not form.is_valid()
    assert "invisible or text-direction character" in form.errors["title"][0]
