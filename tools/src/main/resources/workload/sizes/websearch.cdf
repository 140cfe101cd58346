# Web search: flow sizes of the background traffic of a production web-search cluster, from
# M. Alizadeh et al., "Data Center TCP (DCTCP)", SIGCOMM 2010 (the background flow size
# distribution), at the points used by the HPCC traffic generator (Y. Li et al., "HPCC: High
# Precision Congestion Control", SIGCOMM 2019). Mean about 1.6 MB; sizes interpolate linearly.
#
# Format: one "size cumulative" pair per line: the size in bytes (units such as 10KiB allowed),
# then the fraction of flows no larger, from 0 to 1 or as a percentage from 0 to 100 (the last
# line decides which: 1 or 100). Sizes and fractions must not decrease. '#' starts a comment.
0 0
10000 15
20000 20
30000 30
50000 40
80000 53
200000 60
1000000 70
2000000 80
5000000 90
10000000 97
30000000 100
