import time
import django; django.setup()
from dashboards.selectors import cubes
from dashboards.selectors.cubes import network, staff_protected, parent_levels, METRO, C
from dashboards.months import current_month, add_months
from skills.selectors import framework_current, framework_competences
net = network()
from organizations.models import Commune
for c in Commune.objects.all(): net.libraries_of.setdefault(c.pk, ())
staff = staff_protected(net, with_metro=True)
comps = [c.pk for c in framework_competences(framework_current())]
months = [add_months(current_month(), -i) for i in range(11, -1, -1)]
last = [current_month()]
for label, args in [("metro21", ([METRO], comps, last)), ("metrotrend", ([METRO], comps[:1], months)), ("communes", ([(C, c) for c in net.libraries_of], comps[:1], last))]:
    for i in range(3):
        t = time.perf_counter(); cubes._children_aggregates(args[0], net, staff, args[1], "validated", args[2]); a = time.perf_counter() - t
        t = time.perf_counter(); parent_levels(args[0], net, staff, competence_ids=args[1], track="validated", months=args[2]); b = time.perf_counter() - t
        print(label, round(a*1000), round(b*1000))
