"""/api/notifications/: my own in-app notifications (anyone holding a role), unread first; mark one or
all read — the same rows and functions as the 通知 page (common/notifications.py)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.permissions import policy_permission
from farewell.common.api import CappedPageNumberPagination
from farewell.common.notifications import Notification, mark_all_read, mark_read, unread_count


class NotificationSerializer(serializers.ModelSerializer):
    # Worded in the request's language (Accept-Language) when the notification was written as words
    # (common/wording.py); older rows as stored.
    subject = serializers.CharField(source="shown_subject")
    body = serializers.CharField(source="shown_body")

    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "link", "created_at", "read_at"]


@extend_schema(tags=["notifications"], summary="My notifications, unread first")
class NotificationList(generics.ListAPIView):
    permission_classes = [policy_permission("notifications.own")]
    serializer_class = NotificationSerializer
    pagination_class = CappedPageNumberPagination
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no user
            return Notification.objects.none()
        return Notification.objects.filter(user=self.request.user).order_by("read_at", "-created_at", "-id")


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


@extend_schema(tags=["notifications"], request=None, responses=UnreadSerializer)
class NotificationRead(APIView):
    """Mark one of my notifications read (anyone else's is 404)."""

    permission_classes = [policy_permission("notifications.own")]

    def post(self, request, pk):
        note = get_object_or_404(Notification, pk=pk, user=request.user)
        mark_read(request.user, note.pk)
        return Response({"unread": unread_count(request.user)})


@extend_schema(tags=["notifications"], request=None, responses=UnreadSerializer)
class NotificationReadAll(APIView):
    """Mark all my notifications read."""

    permission_classes = [policy_permission("notifications.own")]

    def post(self, request):
        mark_all_read(request.user)
        return Response({"unread": unread_count(request.user)})


@extend_schema(tags=["notifications"], responses=UnreadSerializer)
class NotificationUnread(APIView):
    """How many of my notifications are unread (the navbar's badge)."""

    permission_classes = [policy_permission("notifications.own")]

    def get(self, request):
        return Response({"unread": unread_count(request.user)})
