from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from projects import boards
from projects.tasks import board_invitation_link


class Command(BaseCommand):
    help = (
        "Maakt een bestuur aan en nodigt de eerste bestuursbeheerder uit (e-mail met een activeringslink; "
        "onder DEBUG ook hier afgedrukt). Nog eens met dezelfde naam en hetzelfde adres verandert niets; "
        "met een ander adres komt er een bestuursbeheerder bij."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="De naam van het bestuur.")
        parser.add_argument("--admin", required=True, metavar="EMAIL", help="Het e-mailadres van de bestuursbeheerder.")

    def handle(self, *args, name: str, admin: str, **options):
        if not name.strip():
            raise CommandError("Geef de naam van het bestuur.")
        try:
            validate_email(admin.strip())
        except ValidationError as error:
            raise CommandError(f"'{admin}' is geen geldig e-mailadres.") from error
        added = boards.add_board(name, admin)
        board, user = added.board, added.administrator.user
        if added.board_created:
            self.stdout.write(f"Bestuur '{board.name}' aangemaakt.")
        if added.administrator_created:
            self.stdout.write(f"{user.email} is uitgenodigd als bestuursbeheerder van '{board.name}'.")
        else:
            self.stdout.write(f"{user.email} is al bestuursbeheerder van '{board.name}'; niets veranderd.")
        if settings.DEBUG:
            self.stdout.write(f"Activeringslink: {board_invitation_link(user)}")
