from django.db import models


class Level(models.TextChoices):
    HEADS_OF_STATE = "heads_of_state", "heads of state or government"
    MINISTERIAL = "ministerial", "ministerial"
    SENIOR_OFFICIALS = "senior_officials", "senior officials"
    EXPERT = "expert", "expert"
