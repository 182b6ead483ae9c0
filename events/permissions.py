from django.contrib.auth.models import Group, Permission

CURATORS = "Curators"
CURATOR_ACTIONS = ("add", "change", "view")


def ensure_curators_group(**kwargs) -> Group:
    """Create or complete the Curators group: add, change and view on every events model."""
    group, _ = Group.objects.get_or_create(name=CURATORS)
    permissions = Permission.objects.filter(
        content_type__app_label="events",
        codename__regex=rf"^({'|'.join(CURATOR_ACTIONS)})_",
    )
    group.permissions.add(*permissions)
    return group
