"""/api/users/: logins and role grants (设置 › 用户与权限) — the same forms, services and scope rules
as views_users.py: users.manage, only the logins of the admin's scope, and nobody grants (or
revokes) beyond their own reach (services._covers_grant)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.common.api import CappedPageNumberPagination, as_drf, form_errors
from farewell.org.models import Employee

from . import policy, services
from .forms import BulkManagersForm, BulkUnitForm, CreateLoginForm, DeactivateForm, GrantForm
from .models import Role, RoleGrant, User
from .permissions import policy_permission
from .views_users import _user_rows

_NO_NUL = ProhibitNullCharactersValidator()

USERNAME = OpenApiParameter("username", str, OpenApiParameter.PATH)


class GrantSerializer(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True)
    company = serializers.IntegerField(source="company_id", read_only=True)
    org_unit = serializers.IntegerField(source="org_unit_id", read_only=True, allow_null=True,
                                        help_text="null: the whole company (or, for manager/employee, the org chart)")

    class Meta:
        model = RoleGrant
        fields = ["id", "role", "company", "org_unit"]


class UserSerializer(serializers.ModelSerializer):
    employee = serializers.UUIDField(source="employee.code", read_only=True, allow_null=True)
    employee_number = serializers.CharField(source="employee.employee_number", read_only=True, allow_null=True)
    password_set = serializers.SerializerMethodField(help_text="false until the person used the set-password link")
    grants = GrantSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["username", "display_name", "email", "is_active", "employee", "employee_number", "password_set",
                  "last_login", "grants"]

    def get_password_set(self, user) -> bool:
        return user.has_usable_password()


class CreateUserRequest(serializers.Serializer):
    employee_number = serializers.CharField(help_text="工号 of an employee in your scope")
    username = serializers.CharField(required=False, allow_blank=True, help_text="default: the 工号")
    email = serializers.EmailField(required=False, allow_blank=True, help_text="default: the employee's")
    role = serializers.ChoiceField(choices=Role.values, default=Role.EMPLOYEE)
    org_unit = serializers.IntegerField(required=False, allow_null=True,
                                        help_text="org unit id, for hrbp, legal, approver, hr_admin")


class GrantRequest(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.values)
    company = serializers.IntegerField(required=False, help_text="company id (taken from the unit when one is given)")
    org_unit = serializers.IntegerField(required=False, allow_null=True, help_text="org unit id; none: whole company")


class ReasonRequest(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


def _service(call):
    """A service's refusals: ValidationError → 400 naming the field, PermissionDenied → 403."""
    try:
        return call()
    except ValidationError as exc:
        raise as_drf(exc) from None
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None


def _form_data(data, fields) -> dict:
    return {k: ("" if data.get(k) is None else data.get(k)) for k in fields if k in data}


def _user(request, username: str) -> User:
    return _service(lambda: policy.get_user_for_admin(request.user, username, _user_rows()))


def _answer(username: str, status_code=200) -> Response:
    return Response(UserSerializer(_user_rows().get(username=username)).data, status=status_code)


@extend_schema(tags=["users"], parameters=[
    OpenApiParameter("q", str, description="username, name or 工号"), OpenApiParameter("role", str),
    OpenApiParameter("status", str, description="active, inactive or pending (no password yet)")])
class UserList(generics.ListAPIView):
    """The logins of your scope with their grants; POST creates a login for an employee (a one-time
    set-password link is e-mailed, or returned when the login has no address)."""

    permission_classes = [policy_permission("users.manage")]
    serializer_class = UserSerializer
    pagination_class = CappedPageNumberPagination
    filterset_class = None

    def get_queryset(self):
        rows = policy.users_for(self.request.user, _user_rows())
        params = self.request.query_params
        for name in ("q", "role"):
            try:  # a NUL byte, which PostgreSQL refuses in a text parameter: a 400 naming it, not a 500
                _NO_NUL(params.get(name, ""))
            except ValidationError as exc:
                raise serializers.ValidationError({name: exc.messages}) from None
        if params.get("q"):
            q = params["q"].strip()
            rows = rows.filter(Q(username__icontains=q) | Q(display_name__icontains=q)
                               | Q(employee__name__icontains=q) | Q(employee__employee_number=q))
        if params.get("role"):
            rows = rows.filter(pk__in=RoleGrant.objects.filter(role=params["role"]).values("user_id"))
        state = params.get("status")
        if state == "active":
            rows = rows.filter(is_active=True)
        elif state == "inactive":
            rows = rows.filter(is_active=False)
        elif state == "pending":
            rows = rows.filter(is_active=True, password__startswith="!")
        return rows.order_by("username")

    @extend_schema(request=CreateUserRequest, responses={201: UserSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        data = _form_data(request.data, ("employee_number", "username", "email", "role", "org_unit"))
        data.setdefault("role", Role.EMPLOYEE)  # as the page's form starts
        form = CreateLoginForm(data, acting_user=request.user)
        if not form.is_valid():
            raise form_errors(form)
        data = form.cleaned_data
        user = _service(lambda: services.create_login(
            data["employee_number"], acting_user=request.user, role=data["role"], org_unit=data["org_unit"],
            username=data["username"], email=data["email"] or None))
        body = UserSerializer(_user_rows().get(pk=user.pk)).data
        if not user.email:
            body["set_password_link"] = services.set_password_url(user, request._request)
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["users"], parameters=[USERNAME], responses=UserSerializer)
class UserDetail(APIView):
    permission_classes = [policy_permission("users.manage")]

    def get(self, request, username):
        return Response(UserSerializer(_user(request, username)).data)


@extend_schema(tags=["users"], parameters=[USERNAME], request=GrantRequest,
               responses={201: UserSerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT})
class GrantAdd(APIView):
    """Grant a role, within your own reach only (a unit admin grants on their subtree)."""

    permission_classes = [policy_permission("users.grant")]

    def post(self, request, username):
        user = _service(lambda: policy.get_user_for_admin(request.user, username,
                                                          User.objects.select_related("employee__org_unit")))
        form = GrantForm(_form_data(request.data, ("role", "company", "org_unit")), acting_user=request.user)
        if not form.is_valid():
            raise form_errors(form)
        data = form.cleaned_data
        _service(lambda: services.grant_role(user, data["role"], data["company"], data["org_unit"],
                                             acting_user=request.user))
        return _answer(user.username, status.HTTP_201_CREATED)


@extend_schema(tags=["users"], parameters=[USERNAME, OpenApiParameter("grant_id", int, OpenApiParameter.PATH)],
               request=None, responses={200: UserSerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT})
class GrantRevoke(APIView):
    permission_classes = [policy_permission("users.grant")]

    def post(self, request, username, grant_id):
        user = _service(lambda: policy.get_user_for_admin(request.user, username,
                                                          User.objects.select_related("employee__org_unit")))
        grant = get_object_or_404(RoleGrant.objects.select_related("company", "org_unit"), pk=grant_id, user=user)
        grant.user = user
        _service(lambda: services.revoke_role(grant, acting_user=request.user))
        return _answer(user.username)


@extend_schema(tags=["users"], parameters=[USERNAME], request=ReasonRequest,
               responses={200: UserSerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT})
class UserDeactivate(APIView):
    """Stop a login (its sessions and API tokens stop too); a reason is required."""

    permission_classes = [policy_permission("users.accounts")]

    def post(self, request, username):
        user = _user(request, username)
        form = DeactivateForm(_form_data(request.data, ("reason",)))
        if not form.is_valid():
            raise form_errors(form)
        _service(lambda: services.deactivate_user(user, acting_user=request.user, reason=form.cleaned_data["reason"]))
        return _answer(user.username)


@extend_schema(tags=["users"], parameters=[USERNAME], request=ReasonRequest,
               responses={200: UserSerializer, 403: OpenApiTypes.OBJECT})
class UserReactivate(APIView):
    permission_classes = [policy_permission("users.accounts")]

    def post(self, request, username):
        user = _user(request, username)
        _service(lambda: services.reactivate_user(user, acting_user=request.user))
        return _answer(user.username)


@extend_schema(tags=["users"], parameters=[USERNAME], request=None,
               responses={200: UserSerializer, 400: OpenApiTypes.OBJECT})
class UserSendLink(APIView):
    """Send a fresh one-time set-password link (returned too when the login has no e-mail address)."""

    permission_classes = [policy_permission("users.accounts")]

    def post(self, request, username):
        user = _user(request, username)
        link = _service(lambda: services.send_set_password_link(user, acting_user=request.user,
                                                                request=request._request))
        body = UserSerializer(_user_rows().get(pk=user.pk)).data
        if not user.email:
            body["set_password_link"] = link
        return Response(body)


class BulkRequest(serializers.Serializer):
    company = serializers.IntegerField(required=False, help_text="company id (for managers; optional with one)")
    org_unit = serializers.IntegerField(required=False, help_text="org unit id (for a unit's employees)")


class BulkResultSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.CharField(), help_text="usernames of new logins")
    granted = serializers.ListField(child=serializers.CharField(), help_text="existing logins given the role")
    without_email = serializers.ListField(child=serializers.CharField(), help_text="new logins without an address")
    skipped_inactive = serializers.ListField(child=serializers.CharField(), help_text="工号 of deactivated logins")


def _bulk(result: services.BulkResult) -> Response:
    return Response({"created": [u.username for u in result.created], "granted": [u.username for u in result.granted],
                     "without_email": [u.username for u in result.without_email],
                     "skipped_inactive": [e.employee_number for e in result.skipped_inactive]})


@extend_schema(tags=["users"], request=BulkRequest, responses={200: BulkResultSerializer, 400: OpenApiTypes.OBJECT})
class BulkManagers(APIView):
    """A login with the manager role for every manager of a company (为全部经理开通账号)."""

    permission_classes = [policy_permission("users.accounts")]

    def post(self, request):
        form = BulkManagersForm(_form_data(request.data, ("company",)), acting_user=request.user)
        if not form.is_valid():
            raise form_errors(form)
        return _bulk(_service(lambda: services.create_logins_for_managers(form.cleaned_data["company"],
                                                                          acting_user=request.user)))


@extend_schema(tags=["users"], request=BulkRequest, responses={200: BulkResultSerializer, 400: OpenApiTypes.OBJECT})
class BulkUnit(APIView):
    """A login with the employee role for everyone of a unit and its sub-units."""

    permission_classes = [policy_permission("users.accounts")]

    def post(self, request):
        form = BulkUnitForm(_form_data(request.data, ("org_unit",)), acting_user=request.user)
        if not form.is_valid():
            raise form_errors(form)
        return _bulk(_service(lambda: services.create_logins_for_unit(form.cleaned_data["org_unit"],
                                                                      acting_user=request.user)))


@extend_schema(tags=["users"], parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)], request=None,
               responses={201: UserSerializer, 400: OpenApiTypes.OBJECT})
class InviteEmployee(APIView):
    """邀请员工开通自助服务: HR in scope (employee.edit) invites an employee to the portal."""

    permission_classes = [policy_permission("employee.edit")]

    def post(self, request, code):
        employee = policy.get_employee_for_user(
            request.user, code, "employee.edit",
            queryset=Employee.objects.select_related("company", "org_unit").defer("id_number", "bank_account"))
        user = _service(lambda: services.invite_employee(employee, acting_user=request.user))
        return Response(UserSerializer(_user_rows().get(pk=user.pk)).data, status=status.HTTP_201_CREATED)
