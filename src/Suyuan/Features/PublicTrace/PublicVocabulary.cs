namespace Suyuan.Features.PublicTrace;

/// <summary>A label in both languages of the page.</summary>
internal sealed record Label(string Zh, string En);

/// <summary>The words a shopper reads: CBV 2.0 business steps and dispositions in Chinese, with English beside.</summary>
internal static class PublicVocabulary
{
    private static readonly Dictionary<string, Label> BizSteps = new(StringComparer.Ordinal)
    {
        ["accepting"] = new("验收", "Accepting"),
        ["arriving"] = new("到达", "Arriving"),
        ["assembling"] = new("组装", "Assembling"),
        ["collecting"] = new("收集", "Collecting"),
        ["commissioning"] = new("生产登记", "Produced"),
        ["consigning"] = new("寄售", "Consigning"),
        ["creating_class_instance"] = new("生产成批", "Production batch"),
        ["cycle_counting"] = new("盘点", "Cycle counting"),
        ["decommissioning"] = new("停用", "Decommissioning"),
        ["departing"] = new("离开", "Departing"),
        ["destroying"] = new("销毁处置", "Destroying"),
        ["disassembling"] = new("拆解", "Disassembling"),
        ["dispensing"] = new("调剂发药", "Dispensing"),
        ["encoding"] = new("编码", "Encoding"),
        ["entering_exiting"] = new("出入", "Entering or exiting"),
        ["holding"] = new("暂扣", "Holding"),
        ["inspecting"] = new("检验检疫", "Inspection"),
        ["installing"] = new("安装", "Installing"),
        ["killing"] = new("屠宰", "Slaughter"),
        ["loading"] = new("装车", "Loading"),
        ["other"] = new("其他", "Other"),
        ["packing"] = new("装箱", "Packing"),
        ["picking"] = new("拣货", "Picking"),
        ["receiving"] = new("收货入场", "Receiving"),
        ["removing"] = new("移除", "Removing"),
        ["repackaging"] = new("分装", "Repackaging"),
        ["repairing"] = new("维修保养", "Maintenance"),
        ["replacing"] = new("更换", "Replacing"),
        ["reserving"] = new("预留", "Reserving"),
        ["retail_selling"] = new("零售", "Retail sale"),
        ["sampling"] = new("抽样", "Sampling"),
        ["sensor_reporting"] = new("传感器记录", "Sensor report"),
        ["shipping"] = new("发货", "Shipping"),
        ["staging_outbound"] = new("出库备货", "Staging outbound"),
        ["stock_taking"] = new("库存清点", "Stock taking"),
        ["stocking"] = new("上架", "Stocking"),
        ["storing"] = new("储存", "Storing"),
        ["transporting"] = new("运输", "Transporting"),
        ["unloading"] = new("卸货", "Unloading"),
        ["unpacking"] = new("拆箱", "Unpacking"),
        ["void_shipping"] = new("取消发货", "Shipping voided"),
        ["https://suyuan.example.cn/epcis/bizstep/filling"] = new("充装", "Filling"),
    };

    private static readonly Dictionary<string, Label> Dispositions = new(StringComparer.Ordinal)
    {
        ["conformant"] = new("合格", "Conformant"),
        ["non_conformant"] = new("不合格", "Non-conformant"),
        ["recalled"] = new("已召回", "Recalled"),
        ["expired"] = new("已过期", "Expired"),
        ["damaged"] = new("损坏", "Damaged"),
        ["destroyed"] = new("已销毁", "Destroyed"),
    };

    /// <summary>
    /// A step's name: a CBV step in words, a TransformationEvent without a business step production (加工生产); an enterprise's own step (a private URI) is not shown as written, since its name is the
    /// enterprise's business (https://example.com/bizstep/secret_welding): the public reads it as a step of the chain.
    /// </summary>
    public static Label BizStep(string? bizStep, string eventType) =>
        bizStep is not null && BizSteps.TryGetValue(bizStep, out var label) ? label
        : eventType == "TransformationEvent" ? new("加工生产", "Production")
        : bizStep is null ? new("记录", "Record") : new("其他环节", "Other step");

    /// <summary>The step's CBV name where it is one, for the page and its JSON; null for an enterprise's own step.</summary>
    public static string? PublicBizStep(string? bizStep) => bizStep is not null && BizSteps.ContainsKey(bizStep) ? bizStep : null;

    /// <summary>Only dispositions a shopper should notice are shown (合格/不合格/召回…), not in_transit or in_progress.</summary>
    public static Label? Disposition(string? disposition) =>
        disposition is not null && Dispositions.TryGetValue(disposition, out var label) ? label : null;
}
