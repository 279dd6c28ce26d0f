import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import SourceDocument

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, school, **kwargs):
    return reverse(f"actionplans:{name}", kwargs={"school": school.slug, **kwargs})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, school, name: str, content: bytes):
    return client.post(url("sources", school), {
        "kind": "rie", "title": "RI&E 2025", "summary": "Hoge werkdruk rond rapporten.",
        "file": SimpleUploadedFile(name, content),
    })


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_working_group_uploads_a_pdf_with_a_summary(as_user, school, wim, media):
    response = upload(as_user(wim), school, "RIE 2025.pdf", PDF)
    assert response.status_code == 302
    document = SourceDocument.objects.get()
    assert (document.original_name, document.summary) == ("RIE 2025.pdf", "Hoge werkdruk rond rapporten.")
    stored = media / document.file.name
    assert stored.read_bytes() == PDF and "RIE" not in stored.name  # stored under a random name


def test_a_docx_that_really_is_one_is_accepted(as_user, school, wim):
    assert upload(as_user(wim), school, "mto.docx", docx()).status_code == 302


@pytest.mark.parametrize("name, content", [
    ("rie.exe", b"MZ\x90\x00"),                 # wrong extension
    ("rie.pdf", b"<html><script>"),             # right extension, wrong content
    ("rie.docx", b"PK\x03\x04not really a zip"),  # a broken zip
    ("plaatje.png", PDF),                        # magic bytes of another type
])
def test_upload_of_the_wrong_type_is_refused(as_user, school, wim, name, content):
    response = upload(as_user(wim), school, name, content)
    assert response.status_code == 200
    assert "field__error" in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_upload_over_ten_megabytes_is_refused(as_user, school, wim):
    response = upload(as_user(wim), school, "groot.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert "groter dan 10 MB" in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_document_is_served_as_attachment_only_to_those_who_see_results(as_user, school, wim, bob, charlie):
    upload(as_user(wim), school, "RIE.pdf", PDF)
    document = SourceDocument.objects.get()
    download = url("source_download", school, pk=document.pk)
    response = as_user(wim).get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    assert as_user(bob).get(download).status_code == 403
    assert as_user(charlie).get(download).status_code == 404


def test_medewerker_cannot_upload(as_user, school, bob):
    assert upload(as_user(bob), school, "rie.pdf", PDF).status_code == 403
