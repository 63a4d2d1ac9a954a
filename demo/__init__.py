"""The demo province (Khánh Hòa after the 2025 reorganisation): `manage.py seed_demo`.

Every row is written through the apps' services, as a user would write it, and keyed by natural
keys, so that seeding again changes nothing. The app is installed only when PORTAL_DEMO is on
(`make run`, the tests); the production image leaves this package out.
"""
