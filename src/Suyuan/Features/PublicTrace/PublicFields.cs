namespace Suyuan.Features.PublicTrace;

/// <summary>Where a public field goes on the page.</summary>
internal enum FieldUse
{
    /// <summary>A fact about the product (name, batch, dates, standard).</summary>
    Product,
    /// <summary>A certificate or licence (合格证, 检疫证明, 批准文号…): Number names it.</summary>
    Document,
    /// <summary>A check made on the way (入场查验, 进货查验, 检测报告, 定期检验).</summary>
    Inspection,
    /// <summary>What the shopper's own receipt says (market, stall, item).</summary>
    Retail,
}

/// <summary>One extension field the public may see; for an object, only the listed members are shown.</summary>
internal sealed record PublicField(string Name, Label Label, FieldUse Use, IReadOnlyDictionary<string, Label>? Members = null, string? NumberMember = null);

/// <summary>
/// The allow-list of the public page: only these extension fields (namespace https://suyuan.example.cn/epcis/), and of objects only
/// these members, ever leave the platform on /t/ and the Digital Link resolver. Everything else — prices, amounts, weights and
/// volumes of trades, buyers, traders, contacts, ID numbers, vets, drivers, plates — is left out because it is not listed here.
/// </summary>
internal static class PublicFields
{
    public const string Namespace = "https://suyuan.example.cn/epcis/";

    public static readonly IReadOnlyDictionary<string, PublicField> All = new PublicField[]
    {
        new("productName", new("产品名称", "Product"), FieldUse.Product),
        new("productionBatch", new("生产批次", "Production batch"), FieldUse.Product),
        new("batchNumber", new("批号", "Batch"), FieldUse.Product),
        new("brewingBatch", new("酿造批次", "Brewing batch"), FieldUse.Product),
        new("slaughterBatch", new("屠宰批次", "Slaughter batch"), FieldUse.Product),
        new("slaughterDate", new("屠宰日期", "Slaughtered on"), FieldUse.Product),
        new("harvestDate", new("采收日期", "Harvested on"), FieldUse.Product),
        new("harvestYear", new("收获年份", "Harvest year"), FieldUse.Product),
        new("milkingDate", new("挤奶日期", "Milked on"), FieldUse.Product),
        new("productionDate", new("生产日期", "Produced on"), FieldUse.Product),
        new("bestBeforeDate", new("保质期至", "Best before"), FieldUse.Product),
        new("expiryDate", new("有效期至", "Expires"), FieldUse.Product),
        new("standard", new("执行标准", "Standard"), FieldUse.Product),
        new("specification", new("规格", "Specification"), FieldUse.Product),
        new("dosageForm", new("剂型", "Dosage form"), FieldUse.Product),
        new("strength", new("规格含量", "Strength"), FieldUse.Product),
        new("latinName", new("拉丁名", "Latin name"), FieldUse.Product),
        new("origin", new("产地", "Origin"), FieldUse.Product),
        new("plantingBase", new("种植基地", "Planting base"), FieldUse.Product),
        new("maker", new("生产企业", "Maker"), FieldUse.Product),
        new("licenceHolder", new("上市许可持有人", "Licence holder"), FieldUse.Product),
        new("traceCode", new("追溯码", "Trace code"), FieldUse.Retail),
        new("approvalNumber", new("药品批准文号", "Drug approval number"), FieldUse.Document),
        new("registrationNumber", new("农药登记证号", "Pesticide registration number"), FieldUse.Document),
        new("registrationCode", new("特种设备注册代码", "Registration code"), FieldUse.Document),
        new("useCertificateNumber", new("使用登记证号", "Use certificate"), FieldUse.Document),
        new("animalQuarantineCertificate", new("动物检疫合格证明", "Animal quarantine certificate"), FieldUse.Document),
        new("productQuarantineCertificate", new("动物产品检疫合格证明", "Meat quarantine certificate"), FieldUse.Document),
        new("meatInspectionCertificate", new("肉品品质检验合格证", "Meat inspection certificate"), FieldUse.Document),
        new("asfTestReport", new("非洲猪瘟检测报告", "African swine fever test report"), FieldUse.Document),
        new("certificate", new("承诺达标合格证", "Compliance certificate"), FieldUse.Document, Members(
            ("kind", "种类", "Kind"), ("number", "编号", "Number"), ("product", "产品", "Product"), ("origin", "产地", "Origin"),
            ("issuer", "开具主体", "Issued by"), ("issuedAt", "开具日期", "Issued on"), ("basis", "承诺依据", "Basis"), ("commitment", "承诺内容", "Commitment")), "number"),
        new("quarantineCertificate", new("动物检疫合格证明", "Animal quarantine certificate"), FieldUse.Document, Members(
            ("kind", "类别", "Kind"), ("number", "编号", "Number"), ("species", "动物种类", "Species"), ("origin", "启运地", "From"),
            ("destination", "到达地", "To"), ("use", "用途", "Use"), ("issuedOn", "签发日期", "Issued on")), "number"),
        new("import", new("进口登记", "Import registration"), FieldUse.Document, Members(
            ("inspectionCertificate", "入境货物检验检疫证明", "Inspection certificate"), ("portOfEntry", "入境口岸", "Port of entry"),
            ("countryOfOrigin", "原产国", "Country of origin"), ("importer", "进口商", "Importer")), "inspectionCertificate"),
        new("testReport", new("检测报告", "Test report"), FieldUse.Inspection, Members(
            ("melamine", "三聚氰胺", "Melamine"), ("proteinPercent", "蛋白质 %", "Protein %"), ("fatPercent", "脂肪 %", "Fat %"), ("result", "结论", "Result"))),
        new("intake", new("屠宰厂入场查验", "Slaughterhouse intake check"), FieldUse.Inspection, Members(
            ("quarantineCertificateNumber", "检疫证号", "Quarantine certificate"), ("origin", "产地", "Origin"), ("result", "结论", "Result"))),
        new("marketEntry", new("市场准入查验", "Market entry check"), FieldUse.Inspection, Members(
            ("voucherKind", "凭证类别", "Voucher"), ("voucherNumber", "凭证号", "Voucher number"), ("certificateChecked", "已查验合格证", "Certificate checked"), ("supplier", "供货单位", "Supplier"))),
        new("incomingCheck", new("进货查验", "Incoming check"), FieldUse.Inspection, Members(
            ("quarantineCertificateNumber", "检疫证号", "Quarantine certificate"), ("meatInspectionCertificate", "肉品品质检验合格证", "Meat inspection certificate"), ("result", "结论", "Result"))),
        new("inspection", new("定期检验", "Periodic inspection"), FieldUse.Inspection, Members(
            ("conclusion", "结论", "Conclusion"), ("nextInspectionDate", "下次检验日期", "Next inspection"), ("inspector", "检验机构", "Inspector"))),
        new("receipt", new("购物小票", "Receipt"), FieldUse.Retail, Members(
            ("market", "销售单位", "Sold by"), ("stall", "摊位", "Stall"), ("item", "商品", "Item"))),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Fields whose value names the enterprise at the event's business location (a shopper reads names, not GLNs).</summary>
    public static readonly IReadOnlyDictionary<string, string> NamesAtLocation = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["certificate"] = "issuer",
        ["receipt"] = "market",
        ["import"] = "importer",
    };

    /// <summary>ILMD fields whose value names the enterprise that made the lot at the event's business location.</summary>
    public static readonly IReadOnlySet<string> MakerFields = new HashSet<string>(["maker", "licenceHolder", "plantingBase"], StringComparer.Ordinal);

    private static Dictionary<string, Label> Members(params (string Name, string Zh, string En)[] members) =>
        members.ToDictionary(m => m.Name, m => new Label(m.Zh, m.En), StringComparer.Ordinal);
}
