"""Tables quoted from the seeds (tab-separated as in the budget report's text)."""

BUDGET_FINANCIAL_RESOURCES = """
Military observers\t234.5\t260.9\t384.8\t123.9\t47.5
Military contingents\t—\t—\t—\t—\t—
United Nations police\t342.4\t327.7\t480.1\t152.4\t46.5
Formed police units\t—\t—\t—\t—\t—
Military and police personnel\t576.9\t588.6\t864.9\t276.3\t46.9
International staff\t20 914.9\t21 139.4\t23 790.6\t2 651.2\t12.5
National Professional Officer\t2 386.6\t2 680.2\t2 673.0\t(7.2)\t(0.3)
National General Service staff\t8 804.0\t9 644.4\t9 165.3\t(479.1)\t(5.0)
United Nations Volunteers\t932.7\t1 011.0\t1 050.1\t39.1\t3.9
General temporary assistance\t2.3\t3.0\t3.0\t—\t—
Government-provided personnel\t—\t—\t—\t—\t—
Civilian personnel\t33 040.5\t34 478.0\t36 682.0\t2 204.0\t6.4
Civilian electoral observers\t—\t—\t—\t—\t—
Consultants and consulting services\t21.2\t39.4\t30.9\t(8.5)\t(21.6)
Official travel\t237.8\t315.8\t315.8\t—\t—
Facilities and infrastructure\t2 208.6\t2 870.3\t2 514.5\t(355.8)\t(12.4)
Ground transportation\t137.1\t229.4\t140.9\t(88.5)\t(38.6)
Air operations\t—\t—\t—\t—\t—
Marine operations\t—\t—\t—\t—\t—
Communications and information technology\t1 265.9\t1 772.0\t1 873.2\t101.2\t5.7
Medical\t41.1\t96.2\t89.4\t(6.8)\t(7.1)
Special equipment\t—\t—\t—\t—\t—
Other supplies, services and equipment\t3 099.8\t3 295.0\t3 333.7\t38.7\t1.2
Quick-impact projects\t—\t—\t200.0\t200.0\t100.0
Operational costs\t7 011.5\t8 618.1\t8 498.4\t(119.7)\t(1.4)
Gross requirements\t40 628.9\t43 684.7\t46 045.3\t2 360.6\t5.4
Staff assessment income\t4 286.8\t4 305.8\t4 887.8\t582.0\t13.5
Net requirements\t36 342.1\t39 378.9\t41 157.5\t1 778.6\t4.5
Voluntary contributions in kind (budgeted)\t—\t—\t—\t—\t—
Total requirements\t40 628.9\t43 684.7\t46 045.3\t2 360.6\t5.4
"""
"""Budget 2025/26, section II.A (lines 505–536; group subtotals by their group name)."""

BUDGET_SUMMARY = """
Military and police personnel\t576.9\t588.6\t864.9\t276.3\t46.9
Civilian personnel\t33 040.5\t34 478.0\t36 682.0\t2 204.0\t6.4
Operational costs\t7 011.5\t8 618.1\t8 498.4\t(119.7)\t(1.4)
Gross requirements\t40 628.9\t43 684.7\t46 045.3\t2 360.6\t5.4
Staff assessment income\t4 286.8\t4 305.8\t4 887.8\t582.0\t13.5
Net requirements\t36 342.1\t39 378.9\t41 157.5\t1 778.6\t4.5
Voluntary contributions in kind (budgeted)\t—\t—\t—\t—\t—
Total requirements\t40 628.9\t43 684.7\t46 045.3\t2 360.6\t5.4
"""
"""Budget 2025/26, the Summary's table (lines 71–78)."""

PERFORMANCE_FINANCIAL_RESOURCES = """
Military observers\t357.3\t279.7\t77.6\t21.7
Military contingents\t–\t–\t–\t–
United Nations police\t411.2\t336.3\t74.9\t18.2
Formed police units\t–\t–\t–\t–
Military and police personnel\t768.5\t616.0\t152.5\t19.8
International staff\t20 177.4\t20 194.1\t(16.7)\t(0.1)
National staff\t11 400.7\t10 937.1\t463.6\t4.1
United Nations Volunteers\t890.5\t954.0\t(63.5)\t(7.1)
General temporary assistance\t65.8\t67.9\t(2.1)\t(3.2)
Government-provided personnel\t–\t–\t–\t–
Civilian personnel\t32 534.4\t32 153.1\t381.3\t1.2
Civilian electoral observers\t–\t–\t–\t–
Consultants and consulting services\t38.1\t42.0\t(3.9)\t(10.2)
Official travel\t319.8\t180.4\t139.4\t43.6
Facilities and infrastructure\t2 732.2\t2 665.6\t66.6\t2.4
Ground transportation\t182.0\t244.2\t(62.2)\t(34.2)
Air operations\t–\t1.1\t(1.1)\t–
Marine operations\t–\t–\t–\t–
Communications and information technology\t1 869.8\t1 993.5\t(123.7)\t(6.6)
Medical\t69.2\t40.2\t29.0\t41.9
Special equipment\t–\t–\t–\t–
Other supplies, services and equipment\t2 784.5\t2 676.5\t108.0\t3.9
Quick-impact projects\t–\t–\t–\t–
Operational costs\t7 995.6\t7 843.5\t152.1\t1.9
Gross requirements\t41 298.5\t40 612.6\t685.9\t1.7
Staff assessment income\t4 105.4\t4 150.9\t(45.5)\t(1.1)
Net requirements\t37 193.1\t36 461.7\t731.4\t2.0
Voluntary contributions in kind (budgeted)\t–\t–\t–\t–
Total requirements\t41 298.5\t40 612.6\t685.9\t1.7
"""
"""Performance 2021/22, section III.A (lines 4058–4124, cells tab-separated here)."""
