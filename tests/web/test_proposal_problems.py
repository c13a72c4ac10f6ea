"""The errors of budget proposals as the web app and the API will answer them: a stale
save is a conflict, an action the role does not allow is forbidden (docs/preparation.md)."""

from __future__ import annotations

from rbb.model.errors import InputError, PermissionDeniedError, StaleRevisionError
from rbb.web.problems import as_problem


def test_a_stale_save_is_409_and_a_wrong_role_403() -> None:
    stale = StaleRevisionError("revision 2 was saved after revision 1", based_on=1, head=2)
    assert as_problem(stale).status == 409
    assert as_problem(PermissionDeniedError("the approver role is needed")).status == 403
    assert as_problem(InputError("comment: say why")).status == 400
