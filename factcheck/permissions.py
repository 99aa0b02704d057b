from rest_framework.permissions import BasePermission

from .roles import is_desk_member


class IsDeskMember(BasePermission):
    """Logged-in fact-checkers and editors only; everyone else gets 401/403."""

    message = "Only fact-checkers and editors may use this endpoint."

    def has_permission(self, request, view):
        return is_desk_member(request.user)

