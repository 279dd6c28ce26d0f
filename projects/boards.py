"""A board runs itself: the operator adds it with its first bestuursbeheerder (`add_board`, or by
approving an "Aanmelden" request), and the bestuursbeheerder adds its schools and invites each
school's project leader and coaches."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import team
from .models import AccessRequest, Board, BoardAdministrator, Membership, School


@dataclass(frozen=True)
class BoardAdded:
    board: Board
    administrator: BoardAdministrator
    board_created: bool
    administrator_created: bool


@transaction.atomic
def add_board(name: str, email: str, contact_name: str = "") -> BoardAdded:
    """The board with this name and this person as a bestuursbeheerder of it, each created only if new:
    run twice with the same name and address, it changes nothing and sends nothing."""
    board, board_created = Board.objects.get_or_create(name=name.strip())
    user = team.account_for(email, contact_name)
    administrator, created = BoardAdministrator.objects.get_or_create(user=user, board=board)
    if created:
        transaction.on_commit(lambda: _send_board_invitation(administrator.pk))
    return BoardAdded(board, administrator, board_created, created)


def _send_board_invitation(administrator_id: int) -> None:
    from . import queue
    from .tasks import send_board_invitation

    queue.enqueue(send_board_invitation, administrator_id)


@transaction.atomic
def approve(request: AccessRequest) -> BoardAdded:
    """Approve a board's request for access; the processor agreement must be recorded first."""
    if not request.agreement_recorded:
        raise ValueError("verwerkersovereenkomst ontbreekt")
    added = add_board(request.board_name, request.contact_email, request.contact_name)
    request.approved_at = timezone.now()
    request.save(update_fields=["approved_at"])
    return added


def unique_slug(name: str) -> str:
    """A school's address name: its name, numbered when another school (of any board) has it already."""
    base = slugify(name)[:70] or "school"
    slug, number = base, 2
    while School.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def add_school(board: Board, name: str, brin: str | None, city: str) -> School:
    return School.objects.create(board=board, name=name, brin=brin or None, city=city, slug=unique_slug(name))


def invite_to_school(school: School, email: str, role: str, name: str = "") -> Membership:
    return team.invite(school, email, role, name)

