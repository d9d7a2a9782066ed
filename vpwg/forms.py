"""The project's form renderer: every form and field renders through templates/includes/ (one place
for how a field, its help and its error look), with the TEMPLATES setting's engine."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "includes/_form.html"  # {{ form }} and form.as_div
    field_template_name = "includes/_field.html"  # field.as_field_group: label, help, input, error
