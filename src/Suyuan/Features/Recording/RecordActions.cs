using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Suyuan.Core.Domain;
using Suyuan.Features.Demo;

namespace Suyuan.Features.Recording;

/// <summary>What building one event needs: the checked values, who records, when, and the trace code issued for it (if the action issues one).</summary>
internal sealed record RecordContext(RecordValues Values, RecordingActor Actor, DateTimeOffset Time, string EventId, string? IssuedCode);

/// <summary>
/// One everyday action of an enterprise without an ERP, as a form, a JSON body and a spreadsheet row, and the EPCIS event it becomes.
/// <paramref name="IssuesTraceCode"/>: the action prints a new platform trace code (a receipt, a certificate's QR).
/// </summary>
internal sealed record RecordAction(
    string Name, string Category, string Zh, string En, string SummaryZh, string SummaryEn, IReadOnlyList<RecordField> Fields,
    Func<RecordContext, JsonObject> Build, bool IssuesTraceCode = false)
{
    /// <summary>Checks across fields (e.g. a restricted pesticide needs the buyer's ID, crop and target).</summary>
    public Action<RecordValues, List<FieldError>>? CrossCheck { get; init; }

    /// <summary>Every field, the location first.</summary>
    public IEnumerable<RecordField> AllFields => Fields.Prepend(RecordingActor.Field);
}

/// <summary>The recording actions, named in the demo city's vocabulary (bizSteps, sy: extension names) so recorded events read like the demo's.</summary>
internal static partial class RecordActions
{
    public const string Ns = DemoIdentifiers.Namespace;

    private static readonly string[] VoucherKinds = ["交易凭证", "检疫证", "品质证", "产地证明", "检测证"];
    private static readonly string[] CertificateBases = ["自检合格", "委托检测合格", "内部质量控制合格"];
    private static readonly string[] Commitment = ["不使用禁用农药兽药、停用兽药和非法添加物", "常规农药兽药残留不超标", "对承诺的真实性负责"];

    /// <summary>A well-formed trace code for the examples (the demo city's, so it has a valid check digit).</summary>
    private static readonly string ExampleCode = DemoIdentifiers.TraceCode(RecordingActor.DefaultRegion, 1, 1);

    private static RecordField Batch(string zh, string en, bool required = true) =>
        new("traceCode", zh, en, FieldKind.Item, required, ExampleCode) { Hint = ("20 位追溯码，或 GS1 批次（EPC / 数字链接）", "A 20-digit trace code, or a GS1 lot (EPC URI / Digital Link)"), MaxLength = 300 };

    private static RecordField Lot(string zh, string en, bool required, string example) =>
        new("lot", zh, en, FieldKind.Item, required, example) { Hint = ("GS1 批次：EPC（urn:epc:class:lgtin:…）或数字链接；或 20 位追溯码", "GS1 lot: EPC URI (urn:epc:class:lgtin:…) or Digital Link; or a 20-digit trace code"), MaxLength = 300 };

    private static RecordField Weight(string zh = "重量", string en = "Weight") =>
        new("weightKg", zh, en, FieldKind.Weight, true, "12.5") { Hint = ("公斤（kg）或斤", "kg, or 斤 (jin, 0.5 kg)") };

    private static RecordField Text(string name, string zh, string en, bool required, string example, int max = 100) =>
        new(name, zh, en, FieldKind.Text, required, example) { MaxLength = max };

    public static readonly IReadOnlyList<RecordAction> All =
    [
        new("stall-purchase", Categories.MeatVegetable, "摊位进货", "Stall purchase",
            "市场准入登记：供货方、品名、重量、凭证、进货批次追溯码", "Market entry: supplier, commodity, weight, voucher, the batch's trace code",
            [
                Batch("进货批次追溯码", "Batch trace code"),
                Text("supplier", "供货方", "Supplier", true, "南通江海农副产品批发市场王记蔬菜"),
                Text("commodity", "品名", "Commodity", true, "青菜"),
                new("commodityCode", "商品编码", "Commodity code", FieldKind.Text, false, "0301")
                {
                    Pattern = CommodityCode(), PatternZh = "商品编码为 2–8 位数字（SB/T 10680）", PatternEn = "the commodity code is 2–8 digits (SB/T 10680)",
                },
                Weight(),
                new("voucherKind", "凭证类型", "Voucher kind", FieldKind.Choice, true, "交易凭证") { Choices = VoucherKinds },
                Text("voucherNumber", "凭证号", "Voucher number", true, "JY0000012345", 60),
            ],
            c => Event(c, "receiving", "in_progress")
                .Quantity(c.Values.Need("traceCode"), c.Values.Number("weightKg")!.Value, "KGM")
                .Sy("marketEntry", Fields(c.Values, "supplier", "commodity", "commodityCode", "voucherKind", "voucherNumber", "weightKg"))
                .Json),

        new("stall-sale", Categories.MeatVegetable, "摊位销售", "Stall sale",
            "零售称重销售：打印小票追溯码", "Retail sale by weight: prints the receipt's trace code",
            [
                Batch("进货批次追溯码", "Batch trace code (as bought)"),
                Text("item", "品名", "Item", true, "青菜"),
                Weight("销售重量", "Weight sold"),
                new("unitPriceYuanPerKg", "单价（元）", "Unit price (yuan)", FieldKind.PricePerWeight, true, "6.8") { Hint = ("每公斤或每斤的价格", "per kg, or per 斤") },
                Text("market", "市场名称", "Market", false, "崇川区和平桥农贸市场"),
                Text("stall", "摊位号", "Stall", false, "08号摊位", 30),
            ],
            c =>
            {
                var kg = c.Values.Number("weightKg")!.Value;
                var price = c.Values.Number("unitPriceYuanPerKg")!.Value;
                var receipt = Fields(c.Values, "market", "stall", "item");
                receipt["unitPriceYuanPerKg"] = Math.Round(price, 2);
                receipt["weightKg"] = kg;
                receipt["amountYuan"] = Math.Round(kg * price, 2);
                return Event(c, "retail_selling", "retail_sold")
                    .Epc(DemoIdentifiers.TraceCodeUri(c.IssuedCode!))
                    .Quantity(c.Values.Need("traceCode"), kg, "KGM")
                    .Sy("traceCode", c.IssuedCode!)
                    .Sy("receipt", receipt)
                    .Json;
            },
            IssuesTraceCode: true)
        {
            // A receipt that names its stall is the meat-vegetable retail sale, whose profile requires the market.
            CrossCheck = (v, errors) =>
            {
                if (v.Text("stall") is not null && v.Text("market") is null && errors.All(e => e.Field != "market"))
                {
                    errors.Add(new("market", "填写摊位号时请同时填写市场名称", "a stall needs its market: give the market too"));
                }
            },
        },

        new("farm-harvest", Categories.EdibleAgricultural, "采收开具合格证", "Harvest with compliance certificate",
            "承诺达标合格证：编号、产品、重量、产地、承诺依据", "Commitment compliance certificate (承诺达标合格证): number, product, weight, origin, basis",
            [
                new("certificateNumber", "合格证编号", "Certificate number", FieldKind.Text, true, "HGZ320682000000123")
                {
                    Pattern = DocumentNumber(), PatternZh = "合格证编号为 4–40 位字母、数字或连字符", PatternEn = "the certificate number is 4–40 letters, digits or hyphens",
                },
                Text("product", "产品名称", "Product", true, "阳光玫瑰葡萄"),
                Weight("数量（重量）", "Quantity (weight)"),
                Text("origin", "产地", "Origin", true, "江苏省南通市如皋市长江镇"),
                new("basis", "承诺依据", "Basis", FieldKind.Choice, true, "自检合格") { Choices = CertificateBases },
                Text("issuer", "开具主体", "Issuer", true, "如皋市长江镇江枫葡萄专业合作社"),
                new("issuerContact", "联系电话", "Contact phone", FieldKind.Text, false, "13800001234")
                {
                    Pattern = Phone(), PatternZh = "联系电话为 7–12 位数字（手机 11 位）", PatternEn = "the phone number is 7–12 digits",
                },
                new("harvestDate", "采收日期", "Harvest date", FieldKind.Date, false, "2026-05-01") { Hint = ("不填为今天", "today when empty") },
                Lot("GS1 批次（如有）", "GS1 lot (if any)", false, ""),
            ],
            c =>
            {
                var v = c.Values;
                var date = v.Day("harvestDate") ?? DateOnly.FromDateTime(c.Time.DateTime);
                var certificate = new JsonObject
                {
                    ["kind"] = "承诺达标合格证",
                    ["number"] = v.Need("certificateNumber"),
                    ["product"] = v.Need("product"),
                    ["weightKg"] = v.Number("weightKg"),
                    ["origin"] = v.Need("origin"),
                    ["issuer"] = v.Need("issuer"),
                    ["issuedAt"] = Date(date),
                    ["basis"] = v.Need("basis"),
                    ["commitment"] = new JsonArray([.. Commitment.Select(s => (JsonNode)s)]),
                };
                if (v.Text("issuerContact") is { } phone)
                {
                    certificate["issuerContact"] = phone.Length > 7 ? phone[..3] + new string('*', phone.Length - 7) + phone[^4..] : phone;
                }
                var draft = Event(c, "commissioning", "active", "ADD")
                    .Quantity(v.Text("lot") ?? DemoIdentifiers.TraceCodeUri(c.IssuedCode!), v.Number("weightKg")!.Value, "KGM")
                    .Ilmd("productName", v.Need("product"))
                    .Ilmd("harvestDate", Date(date))
                    .Ilmd("certificate", certificate)
                    .Sy("certificateNumber", v.Need("certificateNumber"));
                return (c.IssuedCode is null ? draft : draft.Sy("traceCode", c.IssuedCode)).Json;
            },
            IssuesTraceCode: true),

        new("pesticide-sale", Categories.AgriculturalInput, "农药销售", "Pesticide sale",
            "农药销售台账：登记证号、品名、规格、数量、购买人；限制使用农药须登记身份证、作物和防治对象", "Sales ledger: registration number, product, specification, quantity, buyer; restricted pesticides need the buyer's ID, crop and target",
            [
                new("registrationNumber", "农药登记证号", "Registration number", FieldKind.Text, true, "PD20151234")
                {
                    Pattern = PesticideRegistration(), PatternZh = "登记证号为 PD、LS、WP 或 WL 加 6–8 位数字，如 PD20080005", PatternEn = "the registration number is PD, LS, WP or WL and 6–8 digits, e.g. PD20080005",
                },
                Text("product", "农药名称", "Product", true, "吡虫啉 10%可湿性粉剂"),
                Text("specification", "规格", "Specification", true, "100克/袋", 40),
                new("quantity", "数量（件）", "Quantity (packs)", FieldKind.Count, true, "4"),
                Text("buyer", "购买人", "Buyer", true, "王建国"),
                new("buyerIdNumber", "购买人身份证号", "Buyer's ID number", FieldKind.ResidentId, false, "320682198001010015")
                {
                    Hint = ("限制使用农药必填；只保存脱敏号码", "Required for restricted pesticides; only the masked number is stored"),
                },
                new("restrictedUse", "限制使用农药", "Restricted pesticide", FieldKind.YesNo, false, "否"),
                Text("crop", "作物", "Crop", false, "水稻", 40),
                Text("targetPest", "防治对象", "Target pest", false, "稻飞虱", 40),
                Lot("批次（如有）", "Lot (if any)", false, ""),
            ],
            c =>
            {
                var v = c.Values;
                var sale = Fields(v, "buyer", "crop", "targetPest", "registrationNumber", "product", "specification");
                sale["quantity"] = v.Number("quantity");
                sale["restrictedUse"] = v.Flag("restrictedUse");
                if (v.Text("buyerIdNumber") is { } masked)
                {
                    sale["buyerIdNumberMasked"] = masked;
                }
                // Without a GS1 lot the product is named by its registration number, the key of the ledger.
                var what = v.Text("lot") ?? DemoIdentifiers.IdBase + "pesticide/" + v.Need("registrationNumber");
                return Event(c, "retail_selling", "retail_sold").Quantity(what, v.Number("quantity")!.Value, null).Sy("sale", sale).Json;
            })
        {
            CrossCheck = (v, errors) =>
            {
                if (!v.Flag("restrictedUse"))
                {
                    return;
                }
                foreach (var (name, zh, en) in new[] { ("buyerIdNumber", "购买人身份证号", "the buyer's ID number"), ("crop", "作物", "the crop"), ("targetPest", "防治对象", "the target pest") })
                {
                    if (v.Text(name) is null && errors.All(e => e.Field != name))
                    {
                        errors.Add(new(name, $"限制使用农药须登记{zh}", $"a restricted pesticide is sold only with {en} recorded"));
                    }
                }
            },
        },

        new("pharmacy-dispense", Categories.Drug, "药店售药", "Pharmacy dispensing",
            "扫描药品追溯码，登记售出（发药）", "Scan the drug trace code and record it as dispensed",
            [
                new("drugTraceCode", "药品追溯码", "Drug trace code", FieldKind.DrugCode, true, "86123450000000012345") { Hint = ("20 位，以 7 位药品标识码开头", "20 digits, beginning with the 7-digit drug identification code") },
                Text("productName", "药品名称", "Drug", false, "阿莫西林胶囊"),
                Text("batchNumber", "批号", "Batch", false, "26050101", 40),
                Text("prescriptionNumber", "处方号", "Prescription number", false, "", 40),
                new("unit", "GS1 单品码（如有）", "GS1 unit (if any)", FieldKind.Item, false, "") { Hint = ("SGTIN 或数字链接", "SGTIN or Digital Link"), MaxLength = 300 },
            ],
            c =>
            {
                var v = c.Values;
                var unit = v.Text("unit") ?? DemoIdentifiers.IdBase + "drug/" + v.Need("drugTraceCode");
                var draft = Event(c, "dispensing", "dispensed").Epc(unit).Sy("drugTraceCode", v.Need("drugTraceCode"));
                var details = Fields(v, "productName", "batchNumber", "prescriptionNumber");
                return (details.Count > 0 ? draft.Sy("dispensing", details) : draft).Json;
            }),

        new("meat-dispatch", Categories.MeatVegetable, "肉品出厂", "Meat dispatch",
            "屠宰厂出厂：批次、重量、检疫证号、肉品品质检验合格证号、去向", "Slaughterhouse dispatch: lot, weight, quarantine certificate, meat inspection certificate, destination",
            [
                Lot("胴体批次", "Carcass lot", true, "urn:epc:class:lgtin:6923456.000001.P26050100001"),
                Weight(),
                new("quarantineCertificateNumber", "动物检疫合格证明编号", "Quarantine certificate number", FieldKind.Text, true, "320650000123")
                {
                    Pattern = DocumentNumber(), PatternZh = "检疫证号为 4–40 位字母、数字或连字符", PatternEn = "the certificate number is 4–40 letters, digits or hyphens",
                },
                Text("meatInspectionCertificate", "肉品品质检验合格证号", "Meat inspection certificate", false, "NT00100123", 40),
                Text("destination", "去向（收货单位）", "Destination (consignee)", true, "南通江海农副产品批发市场有限公司"),
                Text("vehiclePlate", "车牌号", "Vehicle plate", false, "苏FA12345", 12),
            ],
            c =>
            {
                var v = c.Values;
                var draft = Event(c, "shipping", "in_transit")
                    .Quantity(v.Need("lot"), v.Number("weightKg")!.Value, "KGM")
                    .Sy("quarantineCertificateNumber", v.Need("quarantineCertificateNumber"))
                    .Sy("consignee", v.Need("destination"));
                foreach (var optional in new[] { "meatInspectionCertificate", "vehiclePlate" })
                {
                    if (v.Text(optional) is { } value)
                    {
                        draft.Sy(optional, value);
                    }
                }
                return draft.Json;
            }),

        new("wine-import", Categories.ImportedWine, "进口葡萄酒入库", "Imported wine receipt",
            "进口商入库：报关单号、原产国、入境检验检疫证明", "Importer's receipt: customs declaration, country of origin, inspection certificate",
            [
                Lot("批次", "Lot", true, "urn:epc:class:lgtin:3770456.000001.FR20230001"),
                Text("productName", "产品名称", "Product", true, "波尔多红葡萄酒 750mL"),
                new("quantity", "数量（瓶）", "Quantity (bottles)", FieldKind.Count, true, "600"),
                new("countryOfOrigin", "原产国", "Country of origin", FieldKind.Text, true, "FR")
                {
                    Pattern = CountryCode(), PatternZh = "原产国为两位字母代码（ISO 3166），如 FR", PatternEn = "the country is a two-letter ISO 3166 code, e.g. FR",
                },
                new("customsDeclarationNumber", "报关单号", "Customs declaration number", FieldKind.Text, true, "230120260000012345")
                {
                    Pattern = CustomsDeclaration(), PatternZh = "报关单号为 18 位数字", PatternEn = "the customs declaration number is 18 digits",
                },
                Text("inspectionCertificate", "入境货物检验检疫证明编号", "Inspection certificate", false, "320600000012345", 40),
                Text("portOfEntry", "入境口岸", "Port of entry", false, "南通港", 40),
                Text("importer", "进口商", "Importer", true, "南通港城酒业进口有限公司", 80),
                new("importerCode", "进口商统一社会信用代码", "Importer's credit code", FieldKind.Text, true, "91350200MA2YJ1XR9G")
                {
                    Pattern = CreditCode(), PatternZh = "统一社会信用代码为 18 位（数字和大写字母）", PatternEn = "the unified social credit code is 18 digits and capital letters",
                },
                Text("vintage", "年份", "Vintage", false, "2020", 4),
            ],
            c =>
            {
                var v = c.Values;
                var import = Fields(v, "customsDeclarationNumber", "inspectionCertificate", "portOfEntry");
                var e = Event(c, "receiving", "in_progress", "ADD")
                    .Quantity(v.Need("lot"), v.Number("quantity")!.Value, null)
                    .Ilmd("productName", v.Need("productName"))
                    .Ilmd("importer", v.Need("importer"))
                    .Ilmd("importerCode", v.Need("importerCode").ToUpperInvariant());
                if (v.Text("vintage") is { Length: > 0 } vintage)
                {
                    e = e.Ilmd("vintage", vintage);
                }
                return e
                    .Ilmd("countryOfOrigin", v.Need("countryOfOrigin").ToUpperInvariant())
                    .Sy("import", import)
                    .Json;
            }),

        new("food-batch", Categories.Food, "食品生产批次", "Food production batch",
            "小作坊、小工厂的生产批次：品名、批号、生产日期、保质期", "A small maker's production batch: product, batch, production date, best before",
            [
                Text("productName", "产品名称", "Product", true, "手工麻糕 250g"),
                Text("productionBatch", "生产批号", "Production batch", true, "MG260501", 40),
                new("productionDate", "生产日期", "Production date", FieldKind.Date, true, "2026-05-01"),
                new("bestBeforeDate", "保质期至", "Best before", FieldKind.Date, true, "2026-08-01"),
                new("quantity", "数量（件）", "Quantity (packs)", FieldKind.Count, true, "200"),
                Text("standard", "执行标准", "Standard", false, "GB 7099", 40),
                Lot("GS1 批次（如有）", "GS1 lot (if any)", false, ""),
            ],
            c =>
            {
                var v = c.Values;
                var draft = Event(c, "commissioning", "active", "ADD")
                    .Quantity(v.Text("lot") ?? DemoIdentifiers.TraceCodeUri(c.IssuedCode!), v.Number("quantity")!.Value, null)
                    .Ilmd("productName", v.Need("productName"))
                    .Ilmd("productionBatch", v.Need("productionBatch"))
                    .Ilmd("productionDate", Date(v.Day("productionDate")!.Value))
                    .Ilmd("bestBeforeDate", Date(v.Day("bestBeforeDate")!.Value));
                if (v.Text("standard") is { } standard)
                {
                    draft.Ilmd("standard", standard);
                }
                return (c.IssuedCode is null ? draft : draft.Sy("traceCode", c.IssuedCode)).Json;
            },
            IssuesTraceCode: true)
        {
            CrossCheck = (v, errors) =>
            {
                if (v.Day("productionDate") is { } made && v.Day("bestBeforeDate") is { } until && until < made)
                {
                    errors.Add(new("bestBeforeDate", "保质期至不能早于生产日期", "best before cannot be earlier than the production date"));
                }
            },
        },
    ];

    public static RecordAction? Find(string name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>Whether this record gets a new trace code: always for a sale; for a harvest or batch only when no GS1 lot is given.</summary>
    public static bool Issues(RecordAction action, RecordValues values) =>
        action.IssuesTraceCode && (action.Name == "stall-sale" || values.Text("lot") is null);

    private static EventDraft Event(RecordContext c, string bizStep, string disposition, string action = "OBSERVE") => new(c, bizStep, disposition, action);

    private static JsonObject Fields(RecordValues values, params string[] names)
    {
        var o = new JsonObject();
        foreach (var name in names)
        {
            if (values.Text(name) is { } text)
            {
                o[name] = text;
            }
            else if (values.Number(name) is { } number)
            {
                o[name] = number;
            }
        }
        return o;
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{2,8}$")]
    private static partial Regex CommodityCode();

    [GeneratedRegex(@"^[A-Za-z0-9\-]{4,40}$")]
    private static partial Regex DocumentNumber();

    [GeneratedRegex(@"^\d{7,12}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^(PD|LS|WP|WL)\d{6,8}$")]
    private static partial Regex PesticideRegistration();

    [GeneratedRegex(@"^[A-Za-z]{2}$")]
    private static partial Regex CountryCode();

    [GeneratedRegex(@"^\d{18}$")]
    private static partial Regex CustomsDeclaration();

    [GeneratedRegex(@"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$")]
    private static partial Regex CreditCode();
}

/// <summary>An EPCIS 2.0 ObjectEvent being written: the common dimensions from the context, then what, ILMD and sy: fields.</summary>
internal sealed class EventDraft
{
    public JsonObject Json { get; }

    public EventDraft(RecordContext c, string bizStep, string disposition, string action)
    {
        Json = new JsonObject
        {
            ["type"] = "ObjectEvent",
            ["eventID"] = c.EventId,
            ["eventTime"] = c.Time.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["eventTimeZoneOffset"] = c.Time.ToString("zzz", CultureInfo.InvariantCulture),
            ["action"] = action,
            ["bizStep"] = bizStep,
            ["disposition"] = disposition,
            ["readPoint"] = new JsonObject { ["id"] = c.Actor.Location },
            ["bizLocation"] = new JsonObject { ["id"] = c.Actor.Location },
        };
    }

    public EventDraft Epc(string epc)
    {
        ((Json["epcList"] ??= new JsonArray()) as JsonArray)!.Add(epc);
        return this;
    }

    public EventDraft Quantity(string epcClass, decimal amount, string? uom)
    {
        var q = new JsonObject { ["epcClass"] = epcClass, ["quantity"] = amount };
        if (uom is not null)
        {
            q["uom"] = uom;
        }
        ((Json["quantityList"] ??= new JsonArray()) as JsonArray)!.Add(q);
        return this;
    }

    public EventDraft Ilmd(string name, JsonNode? value)
    {
        ((Json["ilmd"] ??= new JsonObject()) as JsonObject)!["sy:" + name] = Prefixed(value);
        return this;
    }

    public EventDraft Sy(string name, JsonNode? value)
    {
        Json["sy:" + name] = Prefixed(value);
        return this;
    }

    /// <summary>Nested extension members carry the prefix too, so that JSON-LD expands every one of them into the namespace.</summary>
    private static JsonNode? Prefixed(JsonNode? value)
    {
        if (value is not JsonObject o)
        {
            return value;
        }
        var copy = new JsonObject();
        foreach (var (key, child) in o)
        {
            copy["sy:" + key] = Prefixed(child?.DeepClone());
        }
        return copy;
    }
}
