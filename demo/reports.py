"""Demo data of the reports app: the beat schedules (made by the data migration; re-made here if an
admin deleted them). No report is rendered here, so that `make run` stays quick: sign in as
lanhdao or chuyenvien and use "Make a report now"."""

import importlib

from django.apps import apps


def seed(stdout=None):
    migration = importlib.import_module("reports.migrations.0002_schedules")
    migration.add_schedules(apps, None)
    if stdout:
        stdout.write("reports: beat schedules in place")
