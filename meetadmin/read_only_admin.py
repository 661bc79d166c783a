"""Admin pages that show and never change: copies of Google's records, the audit trail, who a person is."""

from __future__ import annotations


class ShownNotEdited:
    """Mixed into a ModelAdmin (before it): no add, change or delete, only the list and the record."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
