using System.Globalization;
using System.Net;
using System.Text;

namespace Suyuan.Features.Dashboard;

/// <summary>Charts drawn as inline SVG on the server: they print, scale on a phone and need no script.</summary>
internal static class SvgCharts
{
    private const string Met = "#0b6e4f";
    private const string Behind = "#d97706";
    private const string Neutral = "#3e7cb1";

    /// <summary>One horizontal bar per item, length = value / max, with the label on the left and the figure on the right.</summary>
    public static string Bars(IReadOnlyList<(string Label, double Value, string Figure, bool Good)> items, string title, double? max = null)
    {
        const int row = 30, labelWidth = 180, barWidth = 360, figureWidth = 150;
        var width = labelWidth + barWidth + figureWidth;
        var height = Math.Max(1, items.Count) * row + 8;
        var top = max ?? Math.Max(1, items.Count == 0 ? 1 : items.Max(i => i.Value));
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{H(title)}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{H(title)}</title>");
        for (var i = 0; i < items.Count; i++)
        {
            var (label, value, figure, good) = items[i];
            var y = i * row + 4;
            var length = Math.Max(2, barWidth * Math.Clamp(value / top, 0, 1));
            b.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 8}\" y=\"{y + 19}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1f2933\">{H(label)}</text>");
            b.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 5}\" width=\"{barWidth}\" height=\"18\" rx=\"3\" fill=\"#e4e7eb\"/>");
            b.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{labelWidth}\" y=\"{y + 5}\" width=\"{length:0.#}\" height=\"18\" rx=\"3\" fill=\"{(good ? Met : Behind)}\"><title>{H(label)}: {H(figure)}</title></rect>");
            b.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + barWidth + 8}\" y=\"{y + 19}\" font-size=\"13\" fill=\"#1f2933\">{H(figure)}</text>");
        }
        return b.Append("</svg>").ToString();
    }

    /// <summary>Daily columns with the peak marked on the axis and the first and last day under it.</summary>
    public static string Columns(IReadOnlyList<DailyVolume> days, string title, string emptyText)
    {
        if (days.Count == 0)
        {
            return $"<p class=\"muted\">{H(emptyText)}</p>";
        }
        const int width = 690, height = 200, left = 56, bottom = 24, top = 10;
        var peak = Math.Max(1, days.Max(d => d.Events));
        var step = (width - left) / (double)days.Count;
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{H(title)}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{H(title)}</title>");
        b.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width}\" y2=\"{height - bottom}\" stroke=\"#9aa5b1\"/>");
        b.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + 10}\" text-anchor=\"end\" font-size=\"12\" fill=\"#616e7c\">{peak:N0}</text>");
        b.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{height - bottom}\" text-anchor=\"end\" font-size=\"12\" fill=\"#616e7c\">0</text>");
        for (var i = 0; i < days.Count; i++)
        {
            var h = (height - bottom - top) * (double)days[i].Events / peak;
            var x = left + i * step + step * 0.15;
            b.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{height - bottom - h:0.#}\" width=\"{Math.Max(1, step * 0.7):0.#}\" height=\"{Math.Max(h, 0.5):0.#}\" fill=\"{Neutral}\"><title>{days[i].Day:yyyy-MM-dd}: {days[i].Events:N0}</title></rect>");
        }
        b.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 6}\" font-size=\"12\" fill=\"#616e7c\">{days[0].Day:MM-dd}</text>");
        b.Append(CultureInfo.InvariantCulture, $"<text x=\"{width}\" y=\"{height - 6}\" text-anchor=\"end\" font-size=\"12\" fill=\"#616e7c\">{days[^1].Day:MM-dd}</text>");
        return b.Append("</svg>").ToString();
    }

    private static string H(string s) => WebUtility.HtmlEncode(s);
}
