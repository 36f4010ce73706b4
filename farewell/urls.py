from django.urls import include, path
from django.views.i18n import set_language

from farewell.accounts import views as accounts_views
from farewell.common import views as common_views

# No /admin/: the HR admin configures Farewell under 设置, through the policy, the ledger and
# the access log; Django's admin would be a second way around all three (issue 13).
urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("farewell.accounts.urls")),
    path("setup/", include("farewell.accounts.setup_urls")),
    path("employees/", include("farewell.org.urls")),
    path("ledger/", include("farewell.accounts.ledger_urls")),
    path("settings/", include("farewell.org.settings_urls")),
    path("cases/", include("farewell.cases.urls")),
    path("records/", include("farewell.records.urls")),
    path("insights/", include("farewell.insights.urls")),
    path("me/", include("farewell.portal.urls")),
    path("talks/", include("farewell.talks.urls")),
    path("offboarding/", include("farewell.offboarding.urls")),
    path("exits/", include("farewell.exits.urls")),
    path("privacy/", include("farewell.privacy.urls")),
    path("api/", include("farewell.api")),
    path("api/", include("farewell.cases.api_urls")),
    path("api/talks/", include("farewell.talks.api_urls")),
    path("api/", include("farewell.records.api_urls")),
    path("api/", include("farewell.insights.api_urls")),
    path("api/exits/", include("farewell.exits.api_urls")),
    path("api/offboarding/", include("farewell.offboarding.api_urls")),
    path("api/", include("farewell.accounts.api_urls")),
    path("api/", include("farewell.portal.api_urls")),
    path("api/", include("farewell.privacy.api_urls")),
]
