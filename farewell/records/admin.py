"""Django admin: the metric catalogue (HR admins add metrics without code) and every record kind."""

from __future__ import annotations

from django.contrib import admin

from . import models


@admin.register(models.Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "category", "direction", "aggregation", "active")
    list_filter = ("category", "direction", "active")
    search_fields = ("code", "name")


class RecordAdmin(admin.ModelAdmin):
    raw_id_fields = ("employee",)
    search_fields = ("employee__employee_number", "employee__name")
    list_select_related = ("employee",)


@admin.register(models.PerformanceReview)
class PerformanceReviewAdmin(RecordAdmin):
    list_display = ("employee", "period_kind", "period_start", "score", "rating", "kpi_completion")
    list_filter = ("period_kind", "rating")


@admin.register(models.MetricValue)
class MetricValueAdmin(RecordAdmin):
    list_display = ("employee", "metric", "period_kind", "period_start", "value")
    list_filter = ("metric", "period_kind")
    list_select_related = ("employee", "metric")


@admin.register(models.TrainingRecord)
class TrainingRecordAdmin(RecordAdmin):
    list_display = ("employee", "course", "course_date", "status", "exam_score", "passed")
    list_filter = ("status",)


@admin.register(models.RewardPenalty)
class RewardPenaltyAdmin(RecordAdmin):
    list_display = ("employee", "kind", "level", "title", "date")
    list_filter = ("kind", "level")


@admin.register(models.Feedback360)
class Feedback360Admin(RecordAdmin):
    list_display = ("employee", "period_kind", "period_start", "dimension", "rater_relation", "score")
    list_filter = ("period_kind", "rater_relation")


@admin.register(models.ValuesAssessment)
class ValuesAssessmentAdmin(RecordAdmin):
    list_display = ("employee", "period_kind", "period_start", "dimension", "score")
    list_filter = ("period_kind", "dimension")


@admin.register(models.SurveyResponse)
class SurveyResponseAdmin(RecordAdmin):
    list_display = ("employee", "survey", "dimension", "period_kind", "period_start", "score")
    list_filter = ("survey", "period_kind")


@admin.register(models.Commitment)
class CommitmentAdmin(RecordAdmin):
    list_display = ("employee", "stage", "party", "said_on", "topic", "recorded_by")
    list_filter = ("stage", "party")


@admin.register(models.Contribution)
class ContributionAdmin(RecordAdmin):
    list_display = ("employee", "kind", "title", "date", "role")
    list_filter = ("kind",)
