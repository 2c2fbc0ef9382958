package main

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
)

// The HTML page is one self-contained, well-formed XHTML document: the document's sections as
// tables, with inline SVG charts where the document marks them. Every chart has a <title> and
// labelled axes (text elements of class "axis-label").

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

const pageStyle = `
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.scroll { overflow-x: auto; max-width: 100%; margin: 0.8em 0; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td { white-space: nowrap; } td.text { white-space: normal; min-width: 16em; }
figure { margin: 1em 0; } svg { max-width: 100%; height: auto; font-size: 11px; }
.axis-label { font-size: 12px; } .chart-title { font-size: 14px; font-weight: bold; }
`

// writeHTML renders the report as one HTML page.
func writeHTML(w io.Writer, r *Report) error {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
	b.WriteString("<title>" + esc(r.Title+" — "+r.Service.Services[0].Name) + "</title>\n<style>" + pageStyle + "</style>\n</head>\n<body>\n")
	for k, s := range document(r) {
		tag := "h2"
		if k == 0 {
			tag = "h1"
		}
		b.WriteString("<" + tag + ">" + esc(s.title) + "</" + tag + ">\n")
		for _, bl := range s.blocks {
			switch x := bl.(type) {
			case para:
				b.WriteString("<p>" + esc(string(x)) + "</p>\n")
			case table:
				// A wide table scrolls inside its box; the page keeps its width.
				b.WriteString("<div class=\"scroll\"><table>\n<tr>")
				for _, h := range x.head {
					b.WriteString("<th>" + esc(h) + "</th>")
				}
				b.WriteString("</tr>\n")
				for _, row := range x.rows {
					b.WriteString("<tr>")
					for _, c := range row {
						// Figures and dates never break; long prose may.
						if len([]rune(c)) > 40 && strings.Contains(c, " ") {
							b.WriteString("<td class=\"text\">" + esc(c) + "</td>")
						} else {
							b.WriteString("<td>" + esc(c) + "</td>")
						}
					}
					b.WriteString("</tr>\n")
				}
				b.WriteString("</table></div>\n")
			case chart:
				b.WriteString("<figure>\n")
				switch x {
				case "availability":
					availabilityChart(&b, r)
				case "burndown":
					burnDownChart(&b, r)
				case "matrix":
					matrixChart(&b, r)
				case "graph":
					graphChart(&b, r)
				case "strips":
					stripsChart(&b, r)
				}
				b.WriteString("</figure>\n")
			}
		}
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// svgOpen starts a chart with its title (both as the accessible <title> and drawn on top).
func svgOpen(b *strings.Builder, w, h int, title string) {
	fmt.Fprintf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", w, h, w, h)
	b.WriteString("<title>" + esc(title) + "</title>\n")
	fmt.Fprintf(b, "<text class=\"chart-title\" x=\"%d\" y=\"18\" text-anchor=\"middle\">%s</text>\n", w/2, esc(title))
}

// axisLabels draws the x label under the plot and the y label turned along the left edge.
func axisLabels(b *strings.Builder, w, h int, x, y string) {
	fmt.Fprintf(b, "<text class=\"axis-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", w/2, h-6, esc(x))
	fmt.Fprintf(b, "<text class=\"axis-label\" x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>\n", h/2, h/2, esc(y))
}

// colour is the k-th colour of a ten-colour palette for series.
func colour(k int) string {
	const palette = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
	return strings.Fields(palette)[k%10]
}

// availabilityChart: grouped bars of every service's availability per month, with the target.
func availabilityChart(b *strings.Builder, r *Report) {
	s := r.Service
	var months []string
	seen := map[string]bool{}
	lowest := int64(1_000_000)
	for _, m := range s.Months {
		if !seen[m.Month] {
			seen[m.Month] = true
			months = append(months, m.Month)
		}
		if m.AvailabilityPPM >= 0 {
			lowest = min(lowest, m.AvailabilityPPM)
		}
	}
	target := s.Agreement.TargetPPM
	lowest = min(lowest, target)
	// The axis starts at the multiple of 10 % at or below the lowest month and the target, so
	// small differences are not blown up; a start above 0 is marked as an axis break and stated
	// in the title.
	floor := lowest / 100_000 * 100_000
	const W, H, left, right, top, bottom = 760, 360, 70, 190, 34, 60
	pw, ph := W-left-right, H-top-bottom
	yOf := func(p int64) float64 {
		return float64(top) + float64(ph)*(1-float64(p-floor)/float64(1_000_000-floor))
	}
	title := "Availability per calendar month against the " + pctText(target) + "% target"
	if floor > 0 {
		title += " (y axis " + pctText(floor) + "–100%, not from 0)"
	}
	svgOpen(b, W, H, title)
	// y grid and ticks every whole percent (or coarser when the range is wide).
	step := int64(10_000)
	for _, st := range []int64{10_000, 20_000, 50_000, 100_000} { // 1, 2, 5 or 10 percent
		if step = st; (1_000_000-floor)/step <= 10 {
			break
		}
	}
	for p := floor; p <= 1_000_000; p += step {
		y := yOf(p)
		fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n", left, y, left+pw, y)
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n", left-4, y+4, p/10_000)
	}
	fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, top+ph, left+pw, top+ph)
	fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, top, left, top+ph)
	if floor > 0 {
		// The break: two slanted strokes across the y axis just above its start, and a note.
		for _, dy := range []int{-10, -5} {
			fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" stroke-width=\"1.5\"/>\n", left-6, top+ph+dy+3, left+6, top+ph+dy-3)
		}
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" fill=\"#555\">axis break: 0–%s%% not drawn</text>\n", left+pw+10, top+ph, pctText(floor))
	}
	nsvc := len(s.Services)
	gw := float64(pw) / float64(max(len(months), 1))
	bw := gw * 0.8 / float64(max(nsvc, 1))
	every := max(1, int(math.Ceil(64/gw))) // a label needs about 64 px
	for mi, month := range months {
		gx := float64(left) + gw*float64(mi) + gw*0.1
		if mi%every == 0 {
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", gx+gw*0.4, top+ph+16, esc(month))
		}
		for si, svc := range s.Services {
			for _, m := range s.Months {
				if m.Month != month || m.Service != svc.ID || m.AvailabilityPPM < 0 {
					continue
				}
				y := yOf(max(m.AvailabilityPPM, floor))
				fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>\n",
					gx+bw*float64(si), y, bw-1, float64(top+ph)-y, colour(si), esc(m.Name+" "+m.Month+": "+m.Availability))
			}
		}
	}
	ty := yOf(target)
	// The target line is black, a colour no series uses.
	fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>\n", left, ty, left+pw, ty)
	fmt.Fprintf(b, "<text x=\"%d\" y=\"%.1f\" fill=\"#000\">target %s%%</text>\n", left+pw+4, ty+4, pctText(target))
	for si, svc := range s.Services {
		y := top + 40 + 16*si
		fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>\n", left+pw+10, y, colour(si), left+pw+24, y+9, esc(svc.Name))
	}
	axisLabels(b, W, H, "calendar month ("+r.CalendarZone+")", "availability (%)")
	b.WriteString("</svg>\n")
}

// pctText writes a percentage given in parts per million without trailing zeros: 995000 is
// "99.5".
func pctText(p int64) string {
	s := fmt.Sprintf("%d.%04d", p/10_000, p%10_000)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// burnDownChart: the remaining error budget day by day against the even pace, over the days
// with data (the budget of a day before monitoring began is not drawn: there is none).
func burnDownChart(b *strings.Builder, r *Report) {
	bd := r.Service.BurnDown
	const W, H, left, right, top, bottom = 760, 320, 80, 70, 34, 60
	pw, ph := W-left-right, H-top-bottom
	hi, lo := int64(0), int64(0)
	for _, p := range bd.Points {
		if p.RemainingMin != nil {
			lo = min(lo, *p.RemainingMin)
			hi = max(hi, *p.BudgetMin, *p.RemainingMin)
		}
	}
	if hi == lo {
		hi = lo + 1
	}
	n := max(bd.Days, len(bd.Points), 1)
	xOf := func(i int) float64 { return float64(left) + float64(pw)*float64(i+1)/float64(n) }
	yOf := func(v int64) float64 { return float64(top) + float64(ph)*float64(hi-v)/float64(hi-lo) }
	svgOpen(b, W, H, "Error budget burn-down: "+bd.Service+", "+bd.Month)
	step := niceStep(hi - lo)
	for v := (lo / step) * step; v <= hi; v += step {
		y := yOf(v)
		fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n", left, y, left+pw, y)
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left-4, y+4, num(v))
	}
	fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>\n", left, yOf(0), left+pw, yOf(0))
	fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, top, left, top+ph)
	var actual, ideal []string
	lastKnown := -1
	for i, p := range bd.Points {
		if i%5 == 0 || i == len(bd.Points)-1 && i%5 > 1 {
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", xOf(i), top+ph+16, esc(p.Day[5:]))
		}
		if p.RemainingMin == nil {
			continue
		}
		actual = append(actual, fmt.Sprintf("%.1f,%.1f", xOf(i), yOf(*p.RemainingMin)))
		// A marker per day, so a month with one day of data still shows its point.
		fmt.Fprintf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#1f77b4\"><title>%s: %s min left</title></circle>\n", xOf(i), yOf(*p.RemainingMin), esc(p.Day), num(*p.RemainingMin))
		ideal = append(ideal, fmt.Sprintf("%.1f,%.1f", xOf(i), yOf(*p.IdealMin)))
		lastKnown = i
	}
	if lastKnown >= 0 && lastKnown < n-1 { // the even pace runs on to an empty budget at the month's end
		ideal = append(ideal, fmt.Sprintf("%.1f,%.1f", xOf(n-1), yOf(0)))
	}
	if first := len(bd.Points) - len(actual); len(actual) > 0 && first > 0 {
		fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%d\" fill=\"#7f7f7f\">no data before %s</text>\n", float64(left)+4, top+14, esc(bd.Points[first].Day[5:]))
	}
	fmt.Fprintf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"#7f7f7f\" stroke-dasharray=\"6 3\"><title>even pace</title></polyline>\n", strings.Join(ideal, " "))
	fmt.Fprintf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"><title>remaining budget</title></polyline>\n", strings.Join(actual, " "))
	fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" fill=\"#1f77b4\">— remaining budget</text><text x=\"%d\" y=\"%d\" fill=\"#7f7f7f\">- - even pace</text>\n", left+10, top+ph-26, left+10, top+ph-10)
	if last := len(bd.Points) - 1; last < n-1 {
		fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\">%s</text>\n", xOf(n-1), top+ph+16, "end of month")
	}
	axisLabels(b, W, H, "day of the month (end of day, "+r.CalendarZone+")", "remaining error budget (minutes)")
	b.WriteString("</svg>\n")
}

func niceStep(span int64) int64 {
	step := int64(1)
	for span/step > 8 {
		switch {
		case step*2 >= span/8 && span/(step*2) <= 8:
			step *= 2
		case span/(step*5) <= 8:
			step *= 5
		default:
			step *= 10
		}
	}
	return step
}

// matrixChart: the impact × urgency matrix as a heat map of rows per cell, labelled with the
// priority the log gave it (and the default's where it differs).
func matrixChart(b *strings.Builder, r *Report) {
	mx := r.Incidents.Matrix
	ni, nu, most := 0, 0, 1
	for _, c := range mx.Cells {
		ni, nu, most = max(ni, c.Impact), max(nu, c.Urgency), max(most, c.Rows)
	}
	const W, H, left, top, cell = 560, 500, 110, 50, 140
	svgOpen(b, W, H, "Priority matrix in use: events per impact × urgency cell")
	for _, c := range mx.Cells {
		x := left + (c.Urgency-1)*cell
		y := top + (c.Impact-1)*cell
		shade := 0.0
		if c.Rows > 0 {
			shade = math.Log1p(float64(c.Rows)) / math.Log1p(float64(most))
		}
		fill := fmt.Sprintf("rgb(%d,%d,%d)", 255-int(shade*200), 255-int(shade*120), 255)
		label := "never used"
		if c.Priority > 0 {
			label = "priority " + itoa(c.Priority)
			if c.Priority != c.Default {
				label += " (default " + itoa(c.Default) + ")"
			}
		}
		fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#999\"><title>impact %d, urgency %d: %s events</title></rect>\n", x, y, cell, cell, fill, c.Impact, c.Urgency, num(int64(c.Rows)))
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x+cell/2, y+cell/2-4, esc(label))
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s events</text>\n", x+cell/2, y+cell/2+12, num(int64(c.Rows)))
	}
	for u := 1; u <= nu; u++ {
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", left+(u-1)*cell+cell/2, top-6, u)
	}
	for i := 1; i <= ni; i++ {
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>\n", left-8, top+(i-1)*cell+cell/2+4, i)
	}
	axisLabels(b, W, H, "urgency (1 = high)", "impact (1 = high)")
	b.WriteString("</svg>\n")
}

// stateFill is the colour of a node state in the dependency graph.
func stateFill(state string) string {
	switch state {
	case "operational":
		return "#2ca02c"
	case "degraded":
		return "#ffbf00"
	case "unknown":
		return "#9e9e9e"
	case "down":
		return "#d62728"
	}
	return "#ffffff"
}

// graphChart: the service on top, its dependency groups below it (rule, and whether a member's
// failure only degrades it), each group's members inside it, every node coloured by its state
// under the scenario.
func graphChart(b *strings.Builder, r *Report) {
	g := r.Impact.Graph
	nodes := map[string]GraphNode{}
	var top []GraphNode
	for _, n := range g.Nodes {
		nodes[n.ID] = n
		if n.Level == 0 {
			top = append(top, n)
		}
	}
	const H, boxW, boxH, gap, pad = 350, 180, 58, 12, 8
	members := 0
	for _, gr := range g.Groups {
		members += len(gr.Members)
	}
	W := max(600, members*(boxW+gap)+len(g.Groups)*(2*pad+gap)+80)
	svgOpen(b, W, H, "Dependency graph of "+r.Impact.Service+" if "+g.Caption)
	// Legend of states.
	for k, st := range []string{"operational", "degraded", "down"} {
		x := W - 120
		y := 34 + 16*k
		fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\" fill-opacity=\"0.6\"/><text x=\"%d\" y=\"%d\">%s</text>\n", x, y, stateFill(st), x+14, y+9, st)
	}
	box := func(n GraphNode, x, y int) {
		fill := stateFill(n.State)
		fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" fill-opacity=\"0.35\" stroke=\"%s\"><title>%s</title></rect>\n", x, y, boxW, boxH, fill, fill, esc(n.Name+": "+n.State))
		// The whole name, on up to two lines of about 26 characters.
		lines := strings.Split(wrap(n.Name, 26), "\n")
		if len(lines) > 2 {
			lines = []string{lines[0], strings.Join(lines[1:], " ")}
		}
		for k, l := range lines {
			fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x+boxW/2, y+16+13*k, esc(l))
		}
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>\n", x+boxW/2, y+50, esc(n.State))
	}
	topX, topY := W/2-boxW/2, 44
	groupY := 170
	x := 40
	for _, gr := range g.Groups {
		w := len(gr.Members)*(boxW+gap) - gap + 2*pad
		label := gr.Name
		fmt.Fprintf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#777\"><title>%s</title></line>\n", topX+boxW/2, topY+boxH, x+w/2, groupY, esc(r.Impact.Service+" needs group "+gr.Name))
		fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"8\" fill=\"none\" stroke=\"#999\" stroke-dasharray=\"4 3\"><title>%s</title></rect>\n", x, groupY, w, boxH+2*pad+30, esc("group "+label+": "+gr.Rule))
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s</text>\n", x+pad, groupY+14, esc(label))
		rule := gr.Rule
		if gr.Degrades {
			rule += " · down → degraded"
		}
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s</text>\n", x+pad, groupY+28, esc(rule))
		for k, id := range gr.Members {
			box(nodes[id], x+pad+k*(boxW+gap), groupY+pad+30)
		}
		x += w + gap
	}
	for _, n := range top {
		box(n, topX, topY)
	}
	axisLabels(b, W, H, "dependency groups of the service and their members", "level (service above its subservices)")
	b.WriteString("</svg>\n")
}

// stripsChart: every service's outages along the review range, one row per service, so
// outages that happen together line up.
func stripsChart(b *strings.Builder, r *Report) {
	st := r.Impact.Strips
	const W, left, right, top, row, bottom = 920, 210, 20, 40, 24, 56
	H := top + row*len(st.Rows) + bottom
	pw := W - left - right
	span := max(st.Seconds, 1)
	xOf := func(sec int64) float64 { return float64(left) + float64(pw)*float64(sec)/float64(span) }
	svgOpen(b, W, H, "Outages of every service from "+st.Start+" ("+r.Zone+")")
	for day := int64(0); day <= span; day += 7 * 86400 {
		x := xOf(day)
		fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>\n", x, top, x, top+row*len(st.Rows))
		fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">+%d d</text>\n", x, top+row*len(st.Rows)+16, day/86400)
	}
	for i, rw := range st.Rows {
		y := top + i*row
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left-6, y+row/2+4, esc(rw.Name))
		// The green band covers only the time the monitor watched the service.
		m0, m1 := xOf(rw.Monitored[0]), xOf(rw.Monitored[1])
		fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#2ca02c\" fill-opacity=\"0.15\"/>\n", m0, y+4, max(m1-m0, 0), row-8)
		for _, d := range rw.Down {
			x0, x1 := xOf(d[0]), xOf(d[1])
			fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#d62728\"/>\n", x0, y+4, max(x1-x0, 0.8), row-8)
		}
	}
	axisLabels(b, W, H, "days since "+st.Start, "service")
	b.WriteString("</svg>\n")
}
