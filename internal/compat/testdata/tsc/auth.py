"""Sign-in with a password, a personal access token and a connected-app JWT; sign-out."""
from compat import *
import requests

s = server()
s.auth.sign_in(TSC.PersonalAccessTokenAuth(TOKEN_NAME, TOKEN_SECRET, site_id=""))
check("auth.sign_in(PersonalAccessTokenAuth)", [s.is_signed_in(), s.user_id], [True, INPUT["admin_id"]])
s.auth.sign_out()

s = server()
s.auth.sign_in(TSC.JWTAuth(INPUT["jwt"], site_id="compat"))
check("auth.sign_in(JWTAuth)", [s.user_id, s.site_id], [INPUT["alice_id"], INPUT["site_id"]])
me = s.users.get_by_id(s.user_id)
check("users.get_by_id(self, as JWT user)", [me.name, me.site_role], ["alice", "Explorer"])
s.auth.sign_out()

s = server()
check_error("auth.sign_in(wrong password)", lambda: s.auth.sign_in(TSC.TableauAuth(USER, "wrong")), "401001")
check_error("auth.sign_in(wrong token)", lambda: s.auth.sign_in(TSC.PersonalAccessTokenAuth(TOKEN_NAME, "nope")), "401001")
check_error("auth.sign_in(unknown site)", lambda: s.auth.sign_in(TSC.TableauAuth(USER, PASSWORD, site_id="nosuchsite")), "401001")

s = signed_in("compat")
token = s.auth_token
check("auth.sign_in(TableauAuth, site)", s.site_id, INPUT["site_id"])
s.auth.sign_out()
check("auth.sign_out", s.is_signed_in(), False)
# The token TSC dropped must be dead on the server too; TSC no longer sends
# it, so a plain request asks.
r = requests.get(SERVER + "/api/3.29/sites/" + INPUT["site_id"] + "/users", headers={"X-Tableau-Auth": token})
verify("signed-out token refused", r.status_code, 401)

# with-statement sign-in, as TSC's samples write it.
s = server()
with s.auth.sign_in(TSC.PersonalAccessTokenAuth(TOKEN_NAME, TOKEN_SECRET, site_id="compat")):
    s.use_server_version()
    check("with sign_in: users", sorted_names(TSC.Pager(s.users)), ["admin", "alice"])
check("with sign_in: signed out after", s.is_signed_in(), False)
done()
