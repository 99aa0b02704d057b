from django.conf import settings


def site(request):
    return {"ORG_NAME": settings.FACTCHECK_ORG_NAME}
