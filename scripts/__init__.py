"""Maintenance scripts run by the Makefile (``make geo``, ``make audit``, ``make i18n``, screenshots); a package
so that tests import them by name."""
