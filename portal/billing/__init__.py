"""Billing: prices, quotes and the public price calculator."""
