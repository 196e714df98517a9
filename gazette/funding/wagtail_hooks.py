"""Funding in the admin (drives, donations, reports) and on every article."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.urls.resolvers import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from gazette.core.admin_menu import PermissionMenuItem
from gazette.funding import admin_views, selectors, services
from gazette.funding.forms import DonationEditForm, DriveForm, ManualDonationForm
from gazette.funding.models import Donation, Drive
from gazette.funding.services import donations as donation_services


@hooks.register("gazette_article_context")
def article_funding(request: HttpRequest, page: Any) -> dict[str, Any]:
    """The featured drive's goal bar and "Support" calls to action on articles."""
    drive = selectors.drive_featured()
    return {
        "funding_bar": selectors.goal_bar(drive) if drive else None,
        "funding_banner_template": "funding/banner.html",
        "support_cta_template": "funding/support_cta.html",
    }


class DriveCreateView(generic.CreateView):
    def save_instance(self) -> Drive:
        return services.drive_save(self.form.save(commit=False))


class DriveEditView(generic.EditView):
    def save_instance(self) -> Drive:
        return services.drive_save(self.form.save(commit=False))


class DriveDeleteView(generic.DeleteView):
    """A drive that has donations stays: they are the newsroom's books."""

    def form_valid(self, form: Any) -> HttpResponse:
        if self.object.donations.exists():
            messages.error(
                self.request,
                _("This drive has donations, so it cannot be deleted. End it instead."),
            )
            return redirect(reverse("drive:edit", args=[self.object.pk]))
        return super().form_valid(form)


class DriveViewSet(ModelViewSet):
    model = Drive
    form_class = DriveForm
    icon = "pick"
    add_view_class = DriveCreateView
    edit_view_class = DriveEditView
    delete_view_class = DriveDeleteView
    list_display = ["title", "goal", "currency", "starts_at", "ends_at", "featured"]
    search_fields = ["title"]
    copy_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type:
        return DriveForm


class DonationCreateView(generic.CreateView):
    def save_instance(self) -> Donation:
        data = self.form.cleaned_data
        return donation_services.donation_record_manual(
            drive=data["drive"],
            amount=data["amount"],
            currency=data["currency"],
            method=data["method"],
            frequency=data["frequency"],
            donor_name=data["donor_name"],
            donor_email=data["donor_email"],
            anonymous=data["anonymous"],
            on_wall=data["on_wall"],
            supporter_badge=data["supporter_badge"],
            message=data["message"],
            article=data["article"],
            received_at=data["paid_at"],
            note=data["note"],
            entered_by=self.request.user,
            send_receipt=data["send_receipt"],
        )


class DonationEditView(generic.EditView):
    def save_instance(self) -> Donation:
        donation = self.form.save(commit=False)
        donation_services.donation_update_manual(donation, list(self.form.changed_data))
        return donation


class DonationDeleteView(generic.DeleteView):
    """Only a gift entered by mistake may go; payments change through Stripe."""

    def form_valid(self, form: Any) -> HttpResponse:
        if self.object.provider != Donation.Provider.MANUAL:
            messages.error(
                self.request,
                _("Payments made through Stripe cannot be deleted; refund them there."),
            )
            return redirect(reverse("donation:edit", args=[self.object.pk]))
        return super().form_valid(form)

    def delete_action(self) -> None:
        donation_services.donation_delete_manual(self.object)


class DonationViewSet(ModelViewSet):
    model = Donation
    icon = "tick-inverse"
    add_view_class = DonationCreateView
    edit_view_class = DonationEditView
    delete_view_class = DonationDeleteView
    list_display = [
        "display_name",
        "amount",
        "currency",
        "status",
        "frequency",
        "drive",
        "method",
        "paid_at",
    ]
    list_filter = ["drive", "status", "provider", "method", "currency", "frequency"]
    search_fields = ["donor_name", "donor_email", "message"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_form_class(self, for_update: bool = False) -> type:
        return DonationEditForm if for_update else ManualDonationForm


class FundingGroup(ViewSetGroup):
    items = (DriveViewSet, DonationViewSet)
    menu_icon = "pick"
    menu_label = _("Funding")
    menu_name = "funding"
    menu_order = 260


@hooks.register("register_admin_viewset")
def funding_viewsets() -> ViewSetGroup:
    return FundingGroup()


@hooks.register("register_admin_urls")
def funding_urls() -> list[URLPattern]:
    return [
        path("funding/reports/", admin_views.reports, name="funding_reports"),
        path(
            "funding/reports/<id:drive_id>/", admin_views.report, name="funding_report"
        ),
        path(
            "funding/reports/<id:drive_id>/donations.csv",
            admin_views.export,
            name="funding_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def reports_menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        _("Donation reports"),
        reverse("funding_reports"),
        permission=admin_views.PERMISSION,
        icon_name="table",
        order=261,
    )


@hooks.register("gazette_reader_data")
def reader_data() -> ModuleType:
    """What this app holds about a reader (see ``gazette.readers.holders``)."""
    from gazette.funding import reader_data

    return reader_data
