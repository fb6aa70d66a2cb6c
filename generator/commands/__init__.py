"""What each command does beyond building sites: one module per command of ``debrief`` (see ``cli``).

Not site material: editing a command rebuilds no site (``fingerprint.NOT_SITE_MATERIAL``).
"""
