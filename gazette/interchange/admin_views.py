"""Imports from the admin: upload a file, watch it run, read the report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gazette.interchange.models import ImportRun

PERMISSION = "interchange.add_importrun"
MAX_UPLOAD = 2 * 1024**3


class UploadForm(forms.ModelForm[ImportRun]):
    upload = forms.FileField(label=gettext_lazy("Export file"))

    class Meta:
        model = ImportRun
        fields = ["format", "upload", "dry_run", "pingbacks"]

    def clean_upload(self) -> object:
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("Up to 2 GB here; use manage.py import_comments.")
            )
        return upload


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION, raise_exception=True)
def imports(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = form.save(commit=False)
        run.file_name = form.cleaned_data["upload"].name[:255]
        run.created_by_id = request.user.pk
        run.save()
        transaction.on_commit(lambda: _enqueue(run.pk))
        messages.success(
            request, _("The import has started; its report appears below.")
        )
        return redirect("interchange_imports")
    runs = ImportRun.objects.select_related("created_by")[:50]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "interchange/admin/imports.html",
        {"form": form, "runs": runs},
        status=status,
    )


def _enqueue(run_id: int) -> None:
    from gazette.interchange.tasks import run_import

    run_import.enqueue(run_id)
