using Suyuan.Core.Domain;
using System.Globalization;
using System.Text;
using static Suyuan.Features.Equipment.PublicPage;

namespace Suyuan.Features.Equipment.Elevators;

/// <summary>
/// The page a passenger opens from the QR sticker in the car: is this elevator maintained and inspected, who maintains it, whom to call.
/// Public fields only: no technician names, no sign-offs, no tag.
/// </summary>
internal static class ElevatorPage
{
    private const string FooterZh = "本页仅显示公开信息，数据来自使用单位、维保单位和检验机构向追溯平台报送的记录。被困请保持冷静，按轿厢内紧急呼叫按钮或拨打救援电话。";
    private const string FooterEn = "Public information only, as recorded on the traceability platform by the owner, the maintainer and the inspection body. If trapped, stay calm, press the alarm button or call the rescue number.";

    public static string Render(ElevatorApi.ElevatorSummary summary, ElevatorOptions options, bool en, DateTimeOffset now)
    {
        var s = summary.Elevator;
        var b = new StringBuilder();
        Open(b, en, T(en, "电梯信息 · ", "Elevator · ") + s.RegistrationCode, "溯源 · 电梯安全", "Suyuan · Elevator safety", "/e/" + Uri.EscapeDataString(s.RegistrationCode));
        b.Append("<section><h1>").Append(T(en, "电梯安全信息", "Elevator safety")).Append("</h1><p class=\"code\">")
            .Append(T(en, "注册代码 ", "Registration code ")).Append(H(s.RegistrationCode)).Append("</p><dl>");
        Row(b, T(en, "使用登记证号", "Use certificate"), s.UseCertificateNumber);
        Row(b, T(en, "设备品种", "Type"), en ? (s.Variety is null ? null : "Elevator (" + s.Variety + ")") : s.Variety);
        Row(b, T(en, "制造单位", "Maker"), s.Maker);
        Row(b, T(en, "安装日期", "Installed"), s.InstallationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        b.Append("</dl></section>");

        b.Append("<section><h2>").Append(T(en, "维护保养", "Maintenance")).Append("</h2><dl>");
        Row(b, T(en, "最近维保", "Last maintenance"), s.LastMaintenance is { } m ? ChinaStandardTime.Of(m).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (s.LastMaintenanceKind is { } k ? " · " + k : "") : T(en, "暂无记录", "none recorded"),
            summary.MaintenanceOverdue ? "late" : "ok");
        Row(b, T(en, "维保状态", "Status"), summary.MaintenanceOverdue
            ? T(en, $"已超过 {options.MaintenanceDays} 天未维保", $"No maintenance for more than {options.MaintenanceDays} days")
            : T(en, $"正常（每 {options.MaintenanceDays} 天至少一次）", $"Up to date (at least every {options.MaintenanceDays} days)"), summary.MaintenanceOverdue ? "late" : "ok");
        Row(b, T(en, "维保单位", "Maintainer"), s.Maintainer);
        Row(b, T(en, "维保电话", "Maintainer phone"), s.MaintainerPhone);
        b.Append("</dl></section>");

        b.Append("<section><h2>").Append(T(en, "定期检验", "Periodic inspection")).Append("</h2><dl>");
        Row(b, T(en, "检验结论", "Conclusion"), s.InspectionConclusion is null ? null : en ? (s.InspectionConclusion == "合格" ? "Passed" : s.InspectionConclusion) : s.InspectionConclusion);
        Row(b, T(en, "下次检验", "Next inspection"), s.NextInspectionDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? T(en, "暂无记录", "none recorded"),
            summary.InspectionOverdue ? "late" : "ok");
        if (summary.InspectionOverdue)
        {
            Row(b, T(en, "检验状态", "Status"), T(en, "已超过检验有效期", "Inspection overdue"), "late");
        }
        b.Append("</dl></section>");

        b.Append("<section><h2>").Append(T(en, "紧急救援", "Emergency")).Append("</h2><p>")
            .Append(T(en, "被困或发现故障，请拨打电梯应急救援电话：", "Trapped or found a fault? Call the elevator rescue line:")).Append("</p>")
            .Append("<a class=\"call\" href=\"tel:").Append(H(options.EmergencyPhone)).Append("\">").Append(H(options.EmergencyPhone)).Append("</a>");
        if (s.MaintainerPhone is { } phone)
        {
            b.Append("<p class=\"small\">").Append(T(en, "维保单位电话：", "Maintainer: ")).Append("<a href=\"tel:").Append(H(phone)).Append("\">").Append(H(phone)).Append("</a></p>");
        }
        b.Append("</section>");
        b.Append("<section class=\"qr\"><img alt=\"QR\" src=\"/e/").Append(H(Uri.EscapeDataString(s.RegistrationCode))).Append("/qr.png\"><p class=\"small\">")
            .Append(T(en, "扫码查看本电梯信息 · 更新于 ", "Scan for this elevator · as of ")).Append(ChinaStandardTime.Of(now).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</p></section>");
        Close(b, en, FooterZh, FooterEn);
        return b.ToString();
    }

    public static string NotFound(string code, bool en)
    {
        var b = new StringBuilder();
        Open(b, en, T(en, "未找到该电梯", "Elevator not found"), "溯源 · 电梯安全", "Suyuan · Elevator safety", "/e/" + Uri.EscapeDataString(code));
        b.Append("<section class=\"problem\"><h1>").Append(T(en, "未找到该电梯", "Elevator not found")).Append("</h1><p class=\"code\">").Append(H(code)).Append("</p><p>")
            .Append(T(en, "平台上没有这个注册代码的电梯。请核对轿厢内标签上的 20 位注册代码；新登记的电梯可能稍后才能查到。",
                "The platform has no elevator with this registration code. Check the 20-digit code on the sticker in the car; newly registered elevators may take a while to appear."))
            .Append("</p><form action=\"/e\" method=\"get\" onsubmit=\"location.href='/e/'+encodeURIComponent(this.code.value.trim());return false;\"><input name=\"code\" inputmode=\"numeric\" autocomplete=\"off\" aria-label=\"")
            .Append(T(en, "注册代码", "Registration code")).Append("\"><button>").Append(T(en, "查询", "Look up")).Append("</button></form></section>");
        Close(b, en, FooterZh, FooterEn);
        return b.ToString();
    }
}
