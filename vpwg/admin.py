"""The Django admin of the infrastructure, and `ServiceModelAdmin`, the base every app's admin uses
where a save must go through a service (its permission check, its rules and its audit record)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from .errors import DomainError
from .models import AuditRecord, OutboxMessage

# What a service raises when it refuses a change: shown to the admin user, never a 500.
REFUSALS = (DomainError, PermissionDenied, ValidationError)

NOT_PERMITTED = (
    "Your account may not make this change in this working group: it needs a role there that allows it "
    "(for example group administrator)."
)


def refusal_message(error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or NOT_PERMITTED
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class ServiceModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose `save_model` calls services acting as `request.user`.

    When a service refuses (a rule, a permission, a validation), the admin's transaction is rolled
    back and the same form is shown again with the posted input and the refusal at the top, so nothing
    is half-saved and nothing typed is lost. History rows stay: no delete.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except REFUSALS as error:
            if request.method != "POST" or hasattr(request, "_service_refusal"):
                raise
            request._service_refusal = refusal_message(error)
            # Second pass over the same POST: the form now carries the refusal, so nothing is saved.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form

        class RefusedForm(form):
            def clean(self):
                cleaned_data = super().clean()
                self.add_error(None, refusal)
                return cleaned_data

        return RefusedForm

    def has_delete_permission(self, request, obj=None):
        return False

    def run_service(self, request, service, /, **kwargs) -> bool:
        """For admin actions: call `service(actor=request.user, **kwargs)`; a refusal becomes a message."""
        try:
            service(actor=request.user, **kwargs)
        except REFUSALS as error:
            self.message_user(request, refusal_message(error), messages.ERROR)
            return False
        return True


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "working_group", "actor", "action", "target_label"]
    list_filter = ["working_group", "action"]
    search_fields = ["action", "target_label", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the services (rendered from templates) and sent once by workers."""

    list_display = ["created_at", "recipient", "subject", "sent_at", "attempts", "failed_at", "unknown_at"]
    list_filter = ["working_group"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
