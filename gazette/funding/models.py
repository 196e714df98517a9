"""Donation drives, donations, and the payment provider's events we processed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 currency code, such as USD.")
)


class Drive(models.Model):
    """A campaign for reader money: a goal in one currency, a story, a time span."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    goal = models.DecimalField(
        _("goal"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", validators=[currency_code]
    )
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    story = RichTextField(_("story"), blank=True)
    thank_you = models.TextField(
        _("thank-you text"),
        blank=True,
        help_text=_("Shown to donors after they give, and in their receipt."),
    )
    preset_amounts = models.CharField(
        _("preset amounts"),
        max_length=100,
        default="10, 25, 50, 100",
        help_text=_("Comma-separated amounts offered on the support form."),
    )
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Show this drive's goal bar on every article (one at a time)."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("donation drive")
        verbose_name_plural = _("donation drives")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["featured"],
                condition=models.Q(featured=True),
                name="one_featured_drive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:drive", kwargs={"slug": self.slug})

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


class Donation(models.Model):
    """One gift: paid once, or one payment of a recurring gift (a renewal is a row)."""

    class Frequency(models.TextChoices):
        ONE_TIME = "one_time", _("One time")
        MONTHLY = "monthly", _("Monthly")
        YEARLY = "yearly", _("Yearly")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        REFUNDED = "refunded", _("Refunded")
        DISPUTED = "disputed", _("Disputed")

    class Provider(models.TextChoices):
        STRIPE = "stripe", _("Stripe")
        MANUAL = "manual", _("Entered by staff")

    class Method(models.TextChoices):
        CARD = "card", _("Card (online)")
        CHEQUE = "cheque", _("Cheque")
        TRANSFER = "transfer", _("Bank transfer")
        CRYPTO = "crypto", _("Cryptocurrency")
        CASH = "cash", _("Cash")
        OTHER = "other", _("Other")

    drive = models.ForeignKey(
        Drive,
        verbose_name=_("drive"),
        on_delete=models.PROTECT,
        related_name="donations",
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    refunded_amount = models.DecimalField(
        _("refunded"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    frequency = models.CharField(
        _("frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.ONE_TIME,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.CARD
    )
    # The provider's ids; each names one payment, so each is unique when set
    # (see Meta.constraints).
    checkout_session_id = models.CharField(max_length=255, blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True)
    invoice_id = models.CharField(max_length=255, blank=True)
    # Shared by every payment of one recurring gift.
    subscription_id = models.CharField(max_length=255, blank=True, db_index=True)
    subscription_ended_at = models.DateTimeField(null=True, blank=True)
    # Stripe's customer: opens the customer portal for a recurring gift.
    customer_id = models.CharField(max_length=255, blank=True)
    livemode = models.BooleanField(_("live mode"), default=False)
    donor_name = models.CharField(_("donor name"), max_length=200, blank=True)
    donor_email = models.EmailField(_("donor e-mail"), blank=True, db_index=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Shown as “Anonymous” wherever donors are listed."),
    )
    on_wall = models.BooleanField(_("on the donor wall"), default=False)
    supporter_badge = models.BooleanField(
        _("Supporter badge"),
        default=False,
        help_text=_("Show a Supporter badge on the donor's comments."),
    )
    message = models.TextField(_("message"), blank=True)
    article = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("came from article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("staff note"), blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["drive", "status"])]
        constraints = [
            *[
                models.UniqueConstraint(
                    fields=[field],
                    condition=~models.Q(**{field: ""}),
                    name=f"unique_donation_{field}",
                )
                for field in ("checkout_session_id", "payment_intent_id", "invoice_id")
            ],
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="donation_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(refunded_amount__gte=0)
                & models.Q(refunded_amount__lte=models.F("amount")),
                name="donation_refund_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.get_status_display()})"

    @property
    def display_name(self) -> str:
        if self.anonymous or not self.donor_name:
            return str(_("Anonymous"))
        return self.donor_name

    @property
    def net_amount(self) -> Decimal:
        return self.amount - self.refunded_amount


class WebhookEvent(models.Model):
    """A provider event we processed; its unique id makes a replay a no-op."""

    provider = models.CharField(max_length=10, default=Donation.Provider.STRIPE)
    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="one_row_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
