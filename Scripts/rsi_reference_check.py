# Independent Python re-implementation of the issue-2 reference case (rsi 14/30/70, long only,
# SL 2 %, TP 4 %, all in, no fees, BTCUSDT 5m 2024). Prints RSI(14)[14..18] and
# "trades ROI max_drawdown"; RealDataTests pins the Swift engine to the same figures.
# Run: python3 Scripts/rsi_reference_check.py (reads ../shared/data).
import csv, glob
rows=[]
for f in sorted(glob.glob(__import__('os').path.join(__import__('os').path.dirname(__file__), '../../shared/data/') + 'binance-spot-klines/BTCUSDT-5m-2024-*.csv')):
    for r in csv.reader(open(f)):
        rows.append((int(r[0]),float(r[1]),float(r[2]),float(r[3]),float(r[4])))
o=[r[1] for r in rows];h=[r[2] for r in rows];l=[r[3] for r in rows];c=[r[4] for r in rows]
n=len(c);p=14
rsi=[float('nan')]*n
g=sum(max(c[i]-c[i-1],0) for i in range(1,p+1))/p
L=sum(max(c[i-1]-c[i],0) for i in range(1,p+1))/p
def val(g,L): return 50.0 if g+L==0 else 100*g/(g+L)
rsi[p]=val(g,L)
for i in range(p+1,n):
    d=c[i]-c[i-1]
    g=(g*(p-1)+max(d,0))/p; L=(L*(p-1)+max(-d,0))/p
    rsi[i]=val(g,L)
print(rsi[14:19])
cash=10000.0; pos=None; pending=None; trades=[]; peak=10000; mdd=0
for i in range(n):
    if pending=='enter' and pos is None:
        notional=min(cash*1.0,cash)  # equity==cash when flat
        q=notional/o[i]; cash-=notional; pos=dict(q=q,e=o[i],sl=o[i]*0.98,tp=o[i]*1.04)
    elif pending=='exit' and pos:
        cash+=pos['q']*o[i]; trades.append(pos['q']*(o[i]-pos['e'])); pos=None
    pending=None
    if pos:
        if l[i]<=pos['sl']:
            x=min(o[i],pos['sl']); cash+=pos['q']*x; trades.append(pos['q']*(x-pos['e'])); pos=None
        elif h[i]>=pos['tp']:
            x=max(o[i],pos['tp']); cash+=pos['q']*x; trades.append(pos['q']*(x-pos['e'])); pos=None
    if i==n-1:
        if pos: cash+=pos['q']*c[i]; trades.append(pos['q']*(c[i]-pos['e'])); pos=None
    else:
        r=rsi[i]
        if pos is None and r<30: pending='enter'
        elif pos is not None and r>70: pending='exit'
    eq=cash+(pos['q']*c[i] if pos else 0)
    peak=max(peak,eq); mdd=max(mdd,(1-eq/peak)*100)
print(len(trades),(cash/10000-1)*100,mdd)
