def case_talks(request, case):
    return None


def employee_talks(request, employee):
    return None
