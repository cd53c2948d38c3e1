"""Seed the methodology and corrections-policy pages with text that describes what the software enforces.

Desks edit the text in the admin; the addresses stay, because ClaimReview markup links to them.
"""

from django.db import migrations

METHODOLOGY_EN = """\
## How we check a claim

1. **We record the claim as it was made.** Who said it, the role they held at the time, when it was said
   (only as precisely as we know it: a year, a month or a day) and where it appeared. When we know of a claim
   only through a report, we say so and name the report.
2. **We show that it was said.** Every claim carries at least one source that shows the claim was made,
   with the exact words quoted from that source.
3. **We gather evidence on whether it is true.** Each piece of evidence is a source — publisher, date,
   link and, where we keep one, an archived copy — with the words in it that matter. A rating other than
   *Unverifiable* must rest on evidence from a source other than the one that reports the claim.
4. **Two people decide.** The editor who wrote up a claim cannot review it, and the reviewer who proposes a
   verdict cannot approve it. A chief editor approves every verdict before it is published.
5. **We publish everything a reader needs to repeat the work:** every source we relied on, the verdict,
   a short summary and the full explanation.

## Our ratings

The ratings we use, and what each means, are listed below this text. *Unverifiable* means the available
evidence can neither confirm nor refute the claim; it is not a softer form of *False*.

## Machine-readable fact-checks

Each fact-check carries schema.org ClaimReview markup so search engines and fact-check aggregators can
read the claim, who made it and our verdict. The markup and the page are produced from the same record.
"""

METHODOLOGY_JA = """\
## 検証の手順

1. **発言をそのまま記録します。** 誰が、当時どの立場で、いつ（分かる精度で：年・月・日）、どこで述べたか。
   報道を通じてしか知り得ない発言は、その旨と報道元を明記します。
2. **発言があったことを示します。** すべての発言に、発言があったことを示す情報源を少なくとも一つ付け、
   その情報源の該当箇所をそのまま引用します。
3. **真偽について証拠を集めます。** 証拠はそれぞれ情報源（発行元、日付、リンク、保存している場合は
   アーカイブ）と該当箇所から成ります。「検証不能」以外の判定には、発言を伝えた情報源とは別の情報源に
   基づく証拠が必要です。
4. **二人で判断します。** 発言を記録した編集者はその検証を担当できず、判定を提案した検証者はそれを
   承認できません。公開前に編集長がすべての判定を承認します。
5. **読者が検証を再現できるよう、すべてを公開します。** 依拠した情報源すべて、判定、要約、詳しい説明。

## 判定の種類

使用している判定とその意味は、この文章の下に一覧で示します。「検証不能」は、入手できる証拠では
真とも偽とも確かめられないことを意味し、「誤り」の弱い言い方ではありません。

## 機械可読なファクトチェック

各ファクトチェックには schema.org の ClaimReview マークアップを付けており、検索エンジンや
ファクトチェック集約サービスが発言・発言者・判定を読み取れます。マークアップとページは同じ記録から
生成されます。
"""

POLICY_EN = """\
## Corrections

When we get something wrong in a published fact-check, we correct it openly. The corrected fact-check shows
the current verdict, a dated note saying what changed and why, and the earlier verdict remains on record.
The machine-readable markup is updated at the same time, so aggregators see the corrected verdict.

## Retractions

When a fact-check cannot stand at all, we retract it. The page stays online, marked as retracted, with the
date and the reason; it no longer carries a verdict in its machine-readable markup.

## The corrections log

Every correction and retraction is listed, newest first, in our corrections log.

## Asking for a correction

If you believe a fact-check is wrong, tell us which fact-check (its address) and what evidence shows the
error. A member of the desk who did not write the fact-check looks at each request.
"""

POLICY_JA = """\
## 訂正

公開したファクトチェックに誤りがあった場合は、公に訂正します。訂正後のページには現在の判定と、
何をなぜ変えたかを記した日付入りの注記を示し、以前の判定も記録として残します。
機械可読なマークアップも同時に更新し、集約サービスには訂正後の判定が伝わります。

## 撤回

ファクトチェックそのものが成り立たない場合は撤回します。ページは「撤回」と明示したうえで、日付と理由とともに
公開を続けます。機械可読なマークアップには判定を載せなくなります。

## 訂正履歴

すべての訂正と撤回を、新しい順に訂正履歴のページに掲載しています。

## 訂正の依頼

ファクトチェックに誤りがあるとお考えの場合は、対象のファクトチェック（ページのアドレス）と、誤りを示す証拠を
お知らせください。そのファクトチェックを書いていない編集部員が、依頼を一件ずつ確認します。
"""

PAGES = [
    ("methodology", "Methodology", METHODOLOGY_EN, "検証方法", METHODOLOGY_JA),
    ("corrections-policy", "Corrections policy", POLICY_EN, "訂正方針", POLICY_JA),
]


def create_pages(apps, schema_editor):
    DeskPage = apps.get_model("publishing", "DeskPage")
    for slug, title, body, title_ja, body_ja in PAGES:
        DeskPage.objects.get_or_create(
            slug=slug, defaults={"title": title, "body": body, "title_ja": title_ja, "body_ja": body_ja}
        )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
