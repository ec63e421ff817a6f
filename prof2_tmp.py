import cProfile, pstats, time
import django; django.setup()
from dashboards.selectors.cubes import network, activity_protected, staff_protected
from dashboards.months import current_month, add_months
import dashboards.privacy as P
net = network()
months = [add_months(current_month(), -i) for i in range(11, -1, -1)]
for i in range(3):
    t = time.perf_counter(); staff_protected(net, with_metro=True); print("staff", time.perf_counter() - t)
    t = time.perf_counter(); a = activity_protected(net, months, with_metro=True); print("activity", time.perf_counter() - t)
pr = cProfile.Profile(); pr.enable(); activity_protected(net, months, with_metro=True); pr.disable()
pstats.Stats(pr).sort_stats("tottime").print_stats(12)
