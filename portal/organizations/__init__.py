"""An organization's own pages, for its contacts: contacts and invitations, licenses and
support, orders and invoices. Sits above accounts (people) and billing (what was bought)."""
