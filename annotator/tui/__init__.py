"""The Textual app: screens, dialogs and widgets over the core."""
