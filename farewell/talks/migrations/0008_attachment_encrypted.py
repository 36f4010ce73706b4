"""Talk attachments are encrypted at rest like transcripts (issue 13): the flag, and the files
stored before it encrypted in place (a correction's rows share one stored file: each file once)."""

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models


def encrypt_existing(apps, schema_editor):
    Attachment = apps.get_model("talks", "Attachment")
    names = sorted(set(Attachment.objects.filter(encrypted=False).exclude(file="").values_list("file", flat=True)))
    if not names:
        return
    keys = [Fernet(k.strip().encode()) for k in settings.FAREWELL_FIELD_KEY.split(",") if k.strip()]
    fernet = MultiFernet(keys)
    for name in names:
        if not default_storage.exists(name):
            continue  # nothing stored to encrypt (a lost file stays flagged plain)
        with default_storage.open(name, "rb") as handle:
            plain = handle.read()
        default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(fernet.encrypt(plain)))
        if saved != name:  # the storage chose another name: the rows follow the file
            Attachment.objects.filter(file=name).update(file=saved)
        Attachment.objects.filter(file=saved).update(encrypted=True)


class Migration(migrations.Migration):
    dependencies = [("talks", "0007_settings_company_required")]

    operations = [
        migrations.AddField(model_name="attachment", name="encrypted", field=models.BooleanField(default=False)),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
