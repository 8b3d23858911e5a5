"""Prongsai (โปร่งใส): integrity and transparency work for Thai local government."""
