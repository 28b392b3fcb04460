"""The derived matcher of the shipped rule base, generated: do not edit.

Written by ``python -m sorewhy.engine.derived --write`` from the rules
(engine/derived.py reads them and generates this code); a test regenerates
it and fails if it differs. Used only while STAMP is that of the rule
base's files and the generator; otherwise the matcher is generated in
memory. The predicates (F<n>), the initial fact and the helpers are bound
by DerivedRuleBase when it loads this module."""

# ruff: noqa
# fmt: off

STAMP = 'derived-1 51e86a03656bbd2589b5c69ee1352104778b6f32088d5a8da80adfd1989fb37d'
DIGEST = '60e966a8258c562c18f77119b107bef4f60252b45207829ac81dd5d17648297c'
NAMES = ((False, 'symptoms'), (False, 'one_sided'), (True, 'labs.calcium'), (False, 'severity'), (False, 'timing'), (False, 'conditions'), (False, 'onset'), (True, 'labs.potassium'), (True, 'labs.sodium'), (True, 'labs.vitamin_d_25oh'), (False, 'medications'), (False, 'clot_risks'), (False, 'age'), (False, 'duration_days'), (False, 'fluid_losses'), (False, 'heavy_sweating'), (False, 'hot_environment'), (False, 'exercise_load'), (False, 'exercise_hours'), (False, 'electrolyte_drinks'), (False, 'exercise_water_l_per_hour'), (False, 'daily_fluid_intake'), (False, 'alcohol'), (False, 'locations'), (False, 'low_intake'), (False, 'sun_exposure'), (False, 'darker_skin'), (False, 'high_latitude'), (False, 'diet'), (True, 'labs.magnesium'), (True, 'labs.vitamin_b12'), (True, 'labs.ferritin'), (True, 'labs.hemoglobin'), (False, 'improves_with_rest'), (False, 'recent_injury'), (False, 'smoker'), (False, 'new_exercise'), (False, 'supplements'), (False, 'course'))
W145 = (10.0, 10.0, 0.0)
W146 = (10.0, 10.0, 0.0)
W147 = (10.0, 10.0, 0.0)
W148 = (10.0, 10.0, 0.0)
W149 = (10.0, 10.0, 0.0)
W150 = (10.0, 10.0, 0.0)
W151 = (10.4, 10.4, 0.4)
W152 = (10.7, 10.7, 0.7)
W153 = (10.3, 10.3, 0.3)
W154 = (10.3, 10.3, 0.3)
W155 = (10.4, 10.4, 0.4)
W156 = (10.3, 10.3, 0.3)
W157 = (10.5, 10.5, 0.5)
W158 = (10.0, 10.0, 0.0)
W159 = (10.5, 10.5, 0.5)
W160 = (10.3, 10.3, 0.3)
W161 = (10.4, 10.4, 0.4)
W162 = (10.0, 10.0, 0.0)
W163 = (10.0, 10.0, 0.0)
W164 = (10.0, 10.0, 0.0)
W165 = (10.0, 10.0, 0.0)
W166 = (10.0, 10.0, 0.0)
W167 = (10.0, 10.0, 0.0)
W168 = (10.2, 10.2, 0.2)
W169 = (10.2, 10.2, 0.2)
W170 = (10.5, 10.5, 0.5)
W171 = (10.0, 10.0, 0.0)
W172 = (10.0, 10.0, 0.0)
W173 = (10.0, 10.0, 0.0)
W174 = (10.0, 10.0, 0.0)
W175 = (2.3, 0.3, 0.3)
W176 = (2.0, 0.0, 0.0)
W177 = (2.0, 0.0, 0.0)
W178 = (2.0, 0.0, 0.0)
W179 = (2.0, 0.0, 0.0)
W180 = (2.0, 0.0, 0.0)
W181 = (2.0, 0.0, 0.0)
W182 = (2.0, 0.0, 0.0)
W183 = (2.0, 0.0, 0.0)
W184 = (2.0, 0.0, 0.0)
W185 = (2.0, 0.0, 0.0)
W186 = (2.0, 0.0, 0.0)
W187 = (2.0, 0.0, 0.0)
W188 = (2.0, 0.0, 0.0)
W189 = (2.0, 0.0, 0.0)
W190 = (2.0, 0.0, 0.0)
W191 = (2.2, 0.2, 0.2)
W192 = (2.2, 0.2, 0.2)
W193 = (2.0, 0.0, 0.0)
W194 = (2.0, 0.0, 0.0)
W195 = (2.0, 0.0, 0.0)
W196 = (2.0, 0.0, 0.0)
W197 = (2.0, 0.0, 0.0)
W198 = (2.0, 0.0, 0.0)
W199 = (2.0, 0.0, 0.0)


def match(person, labs, by_name, waiting):
    """(position, activations) of each rule whose conditions on the person and the
    blood results hold, in firing order; an activation is (fact ids sorted
    descending, facts). A rule that needs intermediate facts waits for them in
    `waiting` (position -> activations)."""
    out = []
    add = out.append
    get = person.get
    v0 = get('symptoms', M)
    v1 = get('one_sided', M)
    v2 = get('severity', M)
    v3 = get('timing', M)
    v4 = get('conditions', M)
    v5 = get('onset', M)
    v6 = get('drug_classes', M)
    v7 = get('new_exercise', M)
    v8 = get('improves_with_rest', M)
    v9 = get('clot_risks', M)
    v10 = get('recent_injury', M)
    v11 = get('age', M)
    v12 = get('duration_days', M)
    v13 = get('fluid_losses', M)
    v14 = get('heavy_sweating', M)
    v15 = get('hot_environment', M)
    v16 = get('exercise_load', M)
    v17 = get('exercise_hours', M)
    v18 = get('electrolyte_drinks', M)
    v19 = get('exercise_water_l_per_hour', M)
    v20 = get('daily_fluid_intake', M)
    v21 = get('alcohol', M)
    v22 = get('locations', M)
    v23 = get('low_intake', M)
    v24 = get('sun_exposure', M)
    v25 = get('darker_skin', M)
    v26 = get('high_latitude', M)
    v27 = get('diet', M)
    v28 = get('smoker', M)
    v29 = get('supplements', M)
    v30 = get('course', M)
    P = (((1,), (person,)),)
    if v0 is not M:
        # redflag.chest-pain
        if F0(v0):
            add((0, P))
        # redflag.seizures
        if F1(v0):
            add((1, P))
        # redflag.confusion
        if F2(v0):
            add((2, P))
        # redflag.paralysis
        if F3(v0):
            add((3, P))
        # redflag.irregular-heartbeat
        if F4(v0):
            add((4, P))
        # redflag.palpitations
        if F5(v0):
            add((5, P))
        # redflag.dark-urine
        if F6(v0):
            add((6, P))
        # redflag.calf-swelling-one-sided
        if F7(v0) and (v1 is not M and (True == v1)):
            add((7, P))
        # redflag.calf-swelling-side-unknown
        if F7(v0) and not ((v1 is not M and True)):
            add((8, P))
    if 'calcium_mg_dl' in by_name:
        # redflag.low-calcium-symptoms
        if (v0 is not M and F8(v0)):
            c = []
            for i0, f0 in by_name.get('calcium_mg_dl', ()):
                if ((_v := f0.get('status', M)) is not M and ('low' == _v)):
                    c.append(((i0, 1,), (f0, person,)))
            if c:
                add((9, c if len(c) == 1 else _ordered(c)))
    if v0 is not M:
        # redflag.tense-swelling
        if F9(v0):
            add((10, P))
        # redflag.severe-swelling-after-exertion
        if F7(v0) and (v2 is not M and ('severe' == v2)) and (v3 is not M and F10(v3)):
            add((11, P))
        # redflag.spreading-weakness-nerves
        if (F11(v0) and F12(v0)):
            add((12, P))
        # redflag.back-pain-bladder-bowel
        if (F13(v0) and F14(v0)):
            add((13, P))
    if v4 is not M:
        # redflag.leg-arteries-suddenly-worse
        if F15(v4) and (v5 is not M and ('sudden' == v5)) and (v0 is not M and F16(v0)):
            add((14, P))
    if v0 is not M:
        # redflag.claudication-suddenly-worse
        if (F17(v0) and F16(v0)) and (v5 is not M and ('sudden' == v5)):
            add((15, P))
        # redflag.chest-pain-one-sided-limb
        if F0(v0) and (v1 is not M and (True == v1)):
            add((16, P))
    if 'potassium_mmol_l' in by_name:
        # labs.potassium-critically-low
        c = []
        for i0, f0 in by_name.get('potassium_mmol_l', ()):
            if ((_v := f0.get('band', M)) is not M and ('critically_low' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((17, c if len(c) == 1 else _ordered(c)))
        # labs.potassium-critically-high
        c = []
        for i0, f0 in by_name.get('potassium_mmol_l', ()):
            if ((_v := f0.get('band', M)) is not M and ('critically_high' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((18, c if len(c) == 1 else _ordered(c)))
    if 'sodium_mmol_l' in by_name:
        # labs.sodium-critically-low
        c = []
        for i0, f0 in by_name.get('sodium_mmol_l', ()):
            if ((_v := f0.get('band', M)) is not M and ('critically_low' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((19, c if len(c) == 1 else _ordered(c)))
    if 'calcium_mg_dl' in by_name:
        # labs.calcium-critically-low
        c = []
        for i0, f0 in by_name.get('calcium_mg_dl', ()):
            if ((_v := f0.get('band', M)) is not M and ('critically_low' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((20, c if len(c) == 1 else _ordered(c)))
        # labs.calcium-critically-high
        c = []
        for i0, f0 in by_name.get('calcium_mg_dl', ()):
            if ((_v := f0.get('band', M)) is not M and ('critically_high' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((21, c if len(c) == 1 else _ordered(c)))
    if 'vitamin_d_25oh_ng_ml' in by_name:
        # labs.vitamin-d-25oh-critically-high
        c = []
        for i0, f0 in by_name.get('vitamin_d_25oh_ng_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('critically_high' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((22, c if len(c) == 1 else _ordered(c)))
    if v6 is not M:
        # referral.medication-statin
        if F18(v6) and not ((v7 is not M and (True == v7))) and not ((v3 is not M and F19(v3)) and (v8 is not M and (True == v8))):
            add((23, P))
        # referral.medication-statin-weakness
        if F18(v6) and (v0 is not M and F20(v0)):
            add((24, P))
    if v1 is not M:
        # referral.one-sided-pain-clot-risk
        if (True == v1) and (v9 is not M and F21(v9)) and not ((v10 is not M and (True == v10))):
            add((25, P))
    if v0 is not M:
        # referral.flu-older
        if F22(v0) and (v11 is not M and F23(v11)) and not ((v5 is not M and ('gradual' == v5))):
            add((26, P))
        # referral.flu-not-improving
        if F22(v0) and (v12 is not M and F24(v12)) and not ((v5 is not M and ('gradual' == v5))):
            add((27, P))
        # referral.flu-at-risk
        if F22(v0) and (v4 is not M and F25(v4)) and not ((v5 is not M and ('gradual' == v5))):
            add((28, P))
    if v13 is not M:
        # referral.vomiting-too-long
        if F26(v13) and (v12 is not M and F27(v12)) and (v0 is not M and F28(v0)):
            add((29, P))
    if v14 is not M:
        # hydration.heavy-sweating
        if (True == v14):
            add((30, P))
    if v15 is not M:
        # hydration.training-in-heat
        if (True == v15) and (v16 is not M and F29(v16)):
            add((31, P))
    if v16 is not M:
        # hydration.intense-exercise
        if ('intense' == v16):
            add((32, P))
    if v17 is not M:
        # hydration.prolonged-exercise
        if F30(v17):
            add((33, P))
    # labs.all-normal
    if not any(((_v := _f.get('status', M)) is not M and F31(_v)) for _i, _f in labs):
        c = []
        for i0, f0 in labs:
            if ((_v := f0.get('status', M)) is not M and ('normal' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((34, c if len(c) == 1 else _ordered(c)))
    if v0 is not M:
        # referral.night-cramps-pregnancy
        if F32(v0) and (v3 is not M and F33(v3)) and (v4 is not M and F34(v4)) and not ((v2 is not M and ('severe' == v2))) and not ((v4 is not M and F35(v4))):
            add((35, P))
        # referral.night-cramps-older
        if F32(v0) and (v3 is not M and F33(v3)) and (v11 is not M and F36(v11)) and not ((v2 is not M and ('severe' == v2))) and not ((v4 is not M and F35(v4))):
            add((36, P))
        # referral.night-cramps-mild
        if F32(v0) and (v3 is not M and F33(v3)) and (v2 is not M and ('mild' == v2)) and not ((v4 is not M and F35(v4))):
            add((37, P))
    if 'potassium_mmol_l' in by_name:
        # conflict.potassium-high-lab
        c = []
        for i0, f0 in by_name.get('potassium_mmol_l', ()):
            if ((_v := f0.get('status', M)) is not M and ('high' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((38, c if len(c) == 1 else _ordered(c)))
    # sodium.sweat-loss
    if True:
        waiting[39] = (((), ()),)
    if v18 is not M:
        # sodium.no-electrolyte-replacement
        if (False == v18):
            waiting[40] = P
    if v19 is not M:
        # sodium.water-overload
        if F37(v19):
            waiting[41] = P
    if v0 is not M:
        # sodium.wobbliness
        if F38(v0):
            add((42, P))
    if v13 is not M:
        # sodium.fluid-loss
        if F39(v13):
            add((43, P))
    if v20 is not M:
        # hydration.low-fluid-intake
        if ('low' == v20):
            add((44, P))
        # hydration.ample-fluid-intake
        if ('high' == v20):
            add((45, P))
    if v18 is not M:
        # hydration.sweat-without-electrolytes
        if (False == v18):
            waiting[46] = P
    if v13 is not M:
        # hydration.fluid-loss
        if F39(v13):
            add((47, P))
    if v0 is not M:
        # hydration.thirst
        if F40(v0):
            add((48, P))
        # hydration.exercise-cramps
        if F41(v0) and (v3 is not M and F10(v3)):
            waiting[49] = P
    if v14 is not M:
        # hydration.heat-sweat-thirst
        if (True == v14) and (v15 is not M and (True == v15)) and (v0 is not M and F40(v0)):
            add((50, P))
        # hydration.heat-sweat-dark-urine
        if (True == v14) and (v15 is not M and (True == v15)) and (v0 is not M and F6(v0)):
            add((51, P))
    if v19 is not M:
        # hydration.overdrinking
        if F37(v19):
            add((52, P))
    if v21 is not M:
        # hydration.heavy-alcohol
        if ('heavy' == v21):
            add((53, P))
    if v11 is not M:
        # electrolytes.age-over-65-cramps
        if F23(v11) and (v0 is not M and F41(v0)) and (v22 is not M and F42(v22)):
            add((54, P))
    if v0 is not M:
        # electrolytes.slow-recovery
        if F43(v0):
            add((55, P))
    if v23 is not M:
        # magnesium.low-intake
        if F44(v23):
            add((56, P))
    # magnesium.sweat-loss
    if True:
        waiting[57] = (((), ()),)
    if v6 is not M:
        # magnesium.diuretic
        if F45(v6):
            add((58, P))
        # magnesium.diuretic-muscle-symptoms
        if F45(v6) and (v0 is not M and F46(v0)):
            add((59, P))
        # magnesium.proton-pump-inhibitor
        if F47(v6):
            add((60, P))
    if v4 is not M:
        # magnesium.gitelman
        if F48(v4):
            add((61, P))
    if v21 is not M:
        # magnesium.heavy-alcohol
        if ('heavy' == v21):
            add((62, P))
    if v13 is not M:
        # magnesium.fluid-loss
        if F39(v13):
            add((63, P))
    if v0 is not M:
        # magnesium.cramps-spasms
        if F49(v0):
            add((64, P))
        # magnesium.night-cramps
        if F41(v0) and (v3 is not M and F50(v3)):
            add((65, P))
        # magnesium.twitching-tension
        if F51(v0):
            add((66, P))
    # potassium.sweat-loss
    if True:
        waiting[67] = (((), ()),)
    if v13 is not M:
        # potassium.fluid-loss
        if F39(v13):
            add((68, P))
    if v6 is not M:
        # potassium.diuretic
        if F45(v6):
            add((69, P))
        # potassium.diuretic-muscle-symptoms
        if F45(v6) and (v0 is not M and F46(v0)):
            add((70, P))
        # potassium.corticosteroid
        if F52(v6):
            add((71, P))
        # potassium.laxative
        if F53(v6):
            add((72, P))
    if v4 is not M:
        # potassium.gitelman
        if F48(v4):
            add((73, P))
    if v21 is not M:
        # potassium.heavy-alcohol
        if ('heavy' == v21):
            add((74, P))
    if v0 is not M:
        # potassium.cramps-weakness
        if F54(v0):
            add((75, P))
        # potassium.leg-cramps-weakness
        if F41(v0) and (v22 is not M and F42(v22)):
            add((76, P))
        # potassium.fatigue
        if F55(v0):
            add((77, P))
        # potassium.constipation
        if (F56(v0) and F54(v0)):
            add((78, P))
        # potassium.no-way-of-losing-it
        if F57(v0) and not ((v13 is not M and F39(v13))) and not ((v6 is not M and F58(v6))) and not ((v14 is not M and (True == v14))) and not ((v4 is not M and F48(v4))) and not ((v21 is not M and ('heavy' == v21))) and not any(((_v := _f.get('status', M)) is not M and ('low' == _v)) for _i, _f in by_name.get('potassium_mmol_l', ())):
            add((79, P))
    if v23 is not M:
        # calcium.low-dairy
        if F59(v23):
            add((80, P))
        # calcium.low-greens-fortified
        if F60(v23):
            add((81, P))
    if 'vitamin_d_25oh_ng_ml' in by_name:
        # calcium.low-vitamin-d
        c = []
        for i0, f0 in by_name.get('vitamin_d_25oh_ng_ml', ()):
            if ((_v := f0.get('status', M)) is not M and ('low' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((82, c if len(c) == 1 else _ordered(c)))
    if v0 is not M:
        # calcium.cramps-spasms
        if F49(v0):
            add((83, P))
        # calcium.tingling
        if F61(v0):
            add((84, P))
        # calcium.weakness
        if F20(v0):
            add((85, P))
    if v24 is not M:
        # vitamin_d.low-sun
        if ('low' == v24):
            add((86, P))
    if v25 is not M:
        # vitamin_d.darker-skin
        if (True == v25):
            add((87, P))
    if v26 is not M:
        # vitamin_d.high-latitude
        if (True == v26):
            add((88, P))
    if v24 is not M:
        # vitamin_d.low-sun-compounded
        if ('low' == v24):
            waiting[89] = P
        # vitamin_d.ample-sun
        if ('high' == v24):
            add((90, P))
    if v23 is not M:
        # vitamin_d.low-intake
        if F62(v23):
            add((91, P))
    if v4 is not M:
        # vitamin_d.malabsorption
        if F63(v4):
            add((92, P))
        # vitamin_d.kidney-disease
        if F64(v4):
            add((93, P))
        # vitamin_d.autoimmune
        if F65(v4):
            add((94, P))
    if v0 is not M:
        # vitamin_d.weakness-aches
        if F66(v0):
            add((95, P))
        # vitamin_d.bone-pain
        if F67(v0):
            add((96, P))
        # vitamin_d.fatigue
        if F55(v0):
            add((97, P))
        # vitamin_d.mood-changes
        if F68(v0):
            add((98, P))
        # vitamin_d.leg-aches
        if F69(v0) and (v22 is not M and F42(v22)):
            add((99, P))
        # vitamin_d.leg-cramps
        if F41(v0) and (v22 is not M and F42(v22)):
            add((100, P))
    if v27 is not M:
        # b12.vegan-diet
        if ('vegan' == v27):
            add((101, P))
        # b12.vegetarian-diet
        if ('vegetarian' == v27):
            add((102, P))
    if v23 is not M:
        # b12.low-animal-foods
        if F70(v23) and not ((v27 is not M and F71(v27))):
            add((103, P))
    if v4 is not M:
        # b12.malabsorption
        if F63(v4):
            add((104, P))
    if v6 is not M:
        # b12.metformin
        if F72(v6):
            add((105, P))
    if v0 is not M:
        # b12.tingling-numbness
        if F12(v0):
            add((106, P))
        # b12.hands-feet
        if F12(v0) and (v22 is not M and F73(v22)):
            add((107, P))
        # b12.balance-problems
        if F74(v0):
            add((108, P))
        # b12.weakness
        if F20(v0):
            add((109, P))
        # b12.cramps
        if F41(v0):
            add((110, P))
        # b12.fatigue
        if F55(v0):
            add((111, P))
    if v23 is not M:
        # b6.low-intake
        if F75(v23):
            add((112, P))
    if v4 is not M:
        # b6.malabsorption
        if F63(v4):
            add((113, P))
    if v0 is not M:
        # b1.lower-leg-aches
        if F76(v0) and (v22 is not M and F77(v22)):
            add((114, P))
    if v23 is not M:
        # b1.low-whole-grains
        if F78(v23):
            add((115, P))
    if v21 is not M:
        # b1.heavy-alcohol
        if ('heavy' == v21):
            add((116, P))
    if v4 is not M:
        # b1.malabsorption
        if F63(v4):
            add((117, P))
        # iron.anemia
        if F79(v4):
            add((118, P))
    if v23 is not M:
        # iron.low-intake
        if F80(v23):
            add((119, P))
    if v4 is not M:
        # iron.malabsorption
        if F63(v4):
            add((120, P))
    if v0 is not M:
        # iron.pale-skin
        if F81(v0):
            add((121, P))
        # iron.brittle-nails
        if F82(v0):
            add((122, P))
        # iron.restless-legs
        if F83(v0):
            add((123, P))
        # iron.fatigue-weakness
        if F84(v0):
            add((124, P))
        # iron.spasms
        if F85(v0):
            add((125, P))
        # iron.activity-cramps
        if F41(v0) and (v3 is not M and F10(v3)):
            add((126, P))
        # iron.soreness-during-activity
        if F86(v0) and (v3 is not M and F87(v3)):
            add((127, P))
    if 'magnesium_mg_dl' in by_name:
        # magnesium.lab-low
        c = []
        for i0, f0 in by_name.get('magnesium_mg_dl', ()):
            if ((_v := f0.get('band', M)) is not M and ('low' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((128, c if len(c) == 1 else _ordered(c)))
        # magnesium.lab-normal
        c = []
        for i0, f0 in by_name.get('magnesium_mg_dl', ()):
            if ((_v := f0.get('band', M)) is not M and ('normal' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((129, c if len(c) == 1 else _ordered(c)))
        # magnesium.lab-high
        c = []
        for i0, f0 in by_name.get('magnesium_mg_dl', ()):
            if ((_v := f0.get('band', M)) is not M and ('high' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((130, c if len(c) == 1 else _ordered(c)))
    if 'potassium_mmol_l' in by_name:
        # potassium.lab-low
        c = []
        for i0, f0 in by_name.get('potassium_mmol_l', ()):
            if ((_v := f0.get('band', M)) is not M and F88(_v)):
                c.append(((i0,), (f0,)))
        if c:
            add((131, c if len(c) == 1 else _ordered(c)))
        # potassium.lab-normal
        c = []
        for i0, f0 in by_name.get('potassium_mmol_l', ()):
            if ((_v := f0.get('band', M)) is not M and ('normal' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((132, c if len(c) == 1 else _ordered(c)))
        # potassium.lab-high
        c = []
        for i0, f0 in by_name.get('potassium_mmol_l', ()):
            if ((_v := f0.get('band', M)) is not M and F89(_v)):
                c.append(((i0,), (f0,)))
        if c:
            add((133, c if len(c) == 1 else _ordered(c)))
    if 'sodium_mmol_l' in by_name:
        # sodium.lab-low
        c = []
        for i0, f0 in by_name.get('sodium_mmol_l', ()):
            if ((_v := f0.get('band', M)) is not M and F88(_v)):
                c.append(((i0,), (f0,)))
        if c:
            add((134, c if len(c) == 1 else _ordered(c)))
        # sodium.lab-normal
        c = []
        for i0, f0 in by_name.get('sodium_mmol_l', ()):
            if ((_v := f0.get('band', M)) is not M and ('normal' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((135, c if len(c) == 1 else _ordered(c)))
        # sodium.lab-high
        c = []
        for i0, f0 in by_name.get('sodium_mmol_l', ()):
            if ((_v := f0.get('band', M)) is not M and ('high' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((136, c if len(c) == 1 else _ordered(c)))
    if 'calcium_mg_dl' in by_name:
        # calcium.lab-low
        c = []
        for i0, f0 in by_name.get('calcium_mg_dl', ()):
            if ((_v := f0.get('band', M)) is not M and F88(_v)):
                c.append(((i0,), (f0,)))
        if c:
            add((137, c if len(c) == 1 else _ordered(c)))
        # calcium.lab-normal
        c = []
        for i0, f0 in by_name.get('calcium_mg_dl', ()):
            if ((_v := f0.get('band', M)) is not M and ('normal' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((138, c if len(c) == 1 else _ordered(c)))
        # calcium.lab-high
        c = []
        for i0, f0 in by_name.get('calcium_mg_dl', ()):
            if ((_v := f0.get('band', M)) is not M and F89(_v)):
                c.append(((i0,), (f0,)))
        if c:
            add((139, c if len(c) == 1 else _ordered(c)))
    if 'vitamin_d_25oh_ng_ml' in by_name:
        # vitamin_d.lab-low
        c = []
        for i0, f0 in by_name.get('vitamin_d_25oh_ng_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('low' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((140, c if len(c) == 1 else _ordered(c)))
        # vitamin_d.lab-normal
        c = []
        for i0, f0 in by_name.get('vitamin_d_25oh_ng_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('normal' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((141, c if len(c) == 1 else _ordered(c)))
        # vitamin_d.lab-high
        c = []
        for i0, f0 in by_name.get('vitamin_d_25oh_ng_ml', ()):
            if ((_v := f0.get('band', M)) is not M and F89(_v)):
                c.append(((i0,), (f0,)))
        if c:
            add((142, c if len(c) == 1 else _ordered(c)))
    if 'vitamin_b12_pg_ml' in by_name:
        # b12.lab-low
        c = []
        for i0, f0 in by_name.get('vitamin_b12_pg_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('low' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((143, c if len(c) == 1 else _ordered(c)))
        # b12.lab-borderline
        c = []
        for i0, f0 in by_name.get('vitamin_b12_pg_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('borderline' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((144, c if len(c) == 1 else _ordered(c)))
        # b12.lab-normal
        c = []
        for i0, f0 in by_name.get('vitamin_b12_pg_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('normal' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((145, c if len(c) == 1 else _ordered(c)))
        # b12.lab-high
        c = []
        for i0, f0 in by_name.get('vitamin_b12_pg_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('high' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((146, c if len(c) == 1 else _ordered(c)))
    if 'ferritin_ng_ml' in by_name:
        # iron.ferritin-low
        c = []
        for i0, f0 in by_name.get('ferritin_ng_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('low' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((147, c if len(c) == 1 else _ordered(c)))
        # iron.ferritin-borderline
        c = []
        for i0, f0 in by_name.get('ferritin_ng_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('borderline' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((148, c if len(c) == 1 else _ordered(c)))
        # iron.ferritin-normal
        c = []
        for i0, f0 in by_name.get('ferritin_ng_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('normal' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((149, c if len(c) == 1 else _ordered(c)))
        # iron.ferritin-high
        c = []
        for i0, f0 in by_name.get('ferritin_ng_ml', ()):
            if ((_v := f0.get('band', M)) is not M and ('high' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((150, c if len(c) == 1 else _ordered(c)))
    if 'hemoglobin_g_dl' in by_name:
        # iron.hemoglobin-low
        c = []
        for i0, f0 in by_name.get('hemoglobin_g_dl', ()):
            if ((_v := f0.get('band', M)) is not M and F88(_v)):
                c.append(((i0,), (f0,)))
        if c:
            add((151, c if len(c) == 1 else _ordered(c)))
        # iron.hemoglobin-high
        c = []
        for i0, f0 in by_name.get('hemoglobin_g_dl', ()):
            if ((_v := f0.get('band', M)) is not M and ('high' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((152, c if len(c) == 1 else _ordered(c)))
    if v0 is not M:
        # exercise.doms-after-exercise
        if F86(v0) and (v3 is not M and F19(v3)):
            add((153, P))
    if v3 is not M:
        # exercise.doms-eases-with-rest
        if F19(v3) and (v8 is not M and (True == v8)):
            add((154, P))
        # exercise.doms-short
        if F19(v3) and (v12 is not M and F90(v12)):
            add((155, P))
        # exercise.doms-intense-training
        if F19(v3) and (v16 is not M and ('intense' == v16)):
            add((156, P))
        # exercise.doms-lasts-too-long
        if F19(v3) and (v12 is not M and F24(v12)):
            add((157, P))
        # exercise.doms-no-rest-relief
        if F19(v3) and (v8 is not M and (False == v8)):
            add((158, P))
        # exercise.doms-other-symptoms
        if F19(v3) and (v0 is not M and F91(v0)):
            add((159, P))
        # exercise.doms-injury
        if F19(v3) and (v10 is not M and (True == v10)):
            add((160, P))
        # exercise.doms-dark-urine
        if F19(v3) and (v0 is not M and F6(v0)):
            add((161, P))
    if v10 is not M:
        # exercise.strain-incident
        if (True == v10):
            add((162, P))
        # exercise.strain-one-sided
        if (True == v10) and (v1 is not M and (True == v1)):
            add((163, P))
        # exercise.strain-whole-body
        if (True == v10) and (v22 is not M and F92(v22)):
            add((164, P))
    if v0 is not M:
        # referral.spreading-weakness
        if F11(v0):
            add((165, P))
        # other.claudication
        if F17(v0):
            add((166, P))
        # other.claudication-eases-with-rest
        if F17(v0) and (v8 is not M and (True == v8)):
            add((167, P))
        # other.claudication-smoker
        if F17(v0) and (v28 is not M and (True == v28)):
            add((168, P))
        # other.claudication-older
        if F17(v0) and (v11 is not M and F36(v11)):
            add((169, P))
        # other.claudication-diabetes
        if F17(v0) and (v4 is not M and F93(v4)):
            add((170, P))
    if v4 is not M:
        # other.pad-diagnosed
        if F15(v4) and (v0 is not M and F94(v0)):
            add((171, P))
    if v0 is not M:
        # other.claudication-no-rest-relief
        if F17(v0) and (v8 is not M and (False == v8)):
            add((172, P))
        # other.sciatica-radiating
        if F95(v0):
            add((173, P))
        # other.sciatica-back-pain
        if F96(v0):
            add((174, P))
        # other.sciatica-buttock-thigh
        if F95(v0) and (v22 is not M and F97(v22)):
            add((175, P))
        # other.sciatica-one-sided
        if F95(v0) and (v1 is not M and (True == v1)):
            add((176, P))
        # other.sciatica-whole-body
        if F95(v0) and (v22 is not M and F92(v22)):
            add((177, P))
        # other.pmr-morning-stiffness
        if F98(v0) and (v22 is not M and F99(v22)):
            add((178, P))
        # other.pmr-age
        if F98(v0) and (v22 is not M and F99(v22)) and (v11 is not M and F100(v11)):
            add((179, P))
        # other.pmr-both-sides
        if F98(v0) and (v22 is not M and F101(v22)) and (v1 is not M and (False == v1)):
            add((180, P))
        # other.pmr-tired
        if F102(v0) and (v22 is not M and F99(v22)):
            add((181, P))
    if v4 is not M:
        # other.pmr-diagnosed
        if F103(v4):
            add((182, P))
    if v0 is not M:
        # other.pmr-young
        if F98(v0) and (v11 is not M and F104(v11)):
            add((183, P))
        # other.thyroid-cold-weight
        if F105(v0):
            add((184, P))
        # other.thyroid-cold
        if F106(v0):
            add((185, P))
        # other.thyroid-weight-tired
        if F107(v0):
            add((186, P))
    if v4 is not M:
        # other.thyroid-diagnosed
        if F108(v4):
            add((187, P))
    if v0 is not M:
        # other.viral-fever-aches
        if (F22(v0) and F86(v0)):
            add((188, P))
        # other.viral-unwell-aches
        if (F109(v0) and F86(v0)):
            add((189, P))
        # other.viral-whole-body
        if F110(v0) and (v22 is not M and F92(v22)):
            add((190, P))
        # other.viral-short
        if F110(v0) and (v12 is not M and F111(v12)):
            add((191, P))
        # other.viral-sudden
        if F110(v0) and (v5 is not M and ('sudden' == v5)):
            add((192, P))
        # other.viral-too-long
        if F110(v0) and (v12 is not M and F112(v12)):
            add((193, P))
        # other.compartment-after-exertion
        if F9(v0) and (v3 is not M and F10(v3)):
            add((194, P))
        # other.compartment-new-exercise
        if F9(v0) and (v7 is not M and (True == v7)):
            add((195, P))
        # other.compartment-nerves
        if (F9(v0) and F12(v0)):
            add((196, P))
        # other.compartment-after-injury
        if F9(v0) and (v10 is not M and (True == v10)):
            add((197, P))
    if v3 is not M:
        # other.compartment-exercise-pattern
        if F87(v3) and (v8 is not M and (True == v8)) and (v0 is not M and F113(v0)):
            add((198, P))
    if v0 is not M:
        # other.rhabdo-after-exertion
        if F6(v0) and (v3 is not M and F10(v3)):
            add((199, P))
        # other.rhabdo-hard-training
        if F6(v0) and (v7 is not M and (True == v7)):
            add((200, P))
        # other.rhabdo-statin
        if F6(v0) and (v6 is not M and F18(v6)):
            add((201, P))
        # other.rhabdo-weak-aching
        if (F6(v0) and F114(v0)):
            add((202, P))
        # other.weakness-after-diarrhoea
        if F11(v0) and (v13 is not M and F115(v13)):
            add((203, P))
        # other.weakness-both-sides
        if F11(v0) and (v1 is not M and (False == v1)):
            add((204, P))
        # other.weakness-unsteady
        if (F11(v0) and F116(v0)):
            add((205, P))
    if v4 is not M:
        # other.pregnancy-cramps
        if F34(v4) and (v0 is not M and F41(v0)):
            add((206, P))
        # other.pregnancy-night-cramps
        if F34(v4) and (v0 is not M and F41(v0)) and (v3 is not M and F50(v3)):
            add((207, P))
        # other.pregnancy-cramps-calf-foot
        if F34(v4) and (v0 is not M and F41(v0)) and (v22 is not M and F117(v22)):
            add((208, P))
        # other.pregnancy-cramps-mild
        if F34(v4) and (v0 is not M and F41(v0)) and (v2 is not M and ('mild' == v2)):
            add((209, P))
        # other.pregnancy-one-sided
        if F34(v4) and (v0 is not M and F41(v0)) and (v1 is not M and (True == v1)):
            add((210, P))
    if v0 is not M:
        # other.night-cramps
        if F41(v0) and (v3 is not M and F50(v3)):
            add((211, P))
        # other.night-cramps-older
        if F41(v0) and (v3 is not M and F50(v3)) and (v11 is not M and F36(v11)):
            add((212, P))
        # other.night-cramps-only
        if F32(v0) and (v3 is not M and F33(v3)):
            add((213, P))
        # other.night-cramps-calves
        if F41(v0) and (v3 is not M and F50(v3)) and (v22 is not M and F118(v22)):
            add((214, P))
        # other.night-cramps-pregnancy
        if F41(v0) and (v3 is not M and F50(v3)) and (v4 is not M and F34(v4)):
            add((215, P))
        # other.night-cramps-nerves
        if (F41(v0) and F119(v0)) and (v3 is not M and F50(v3)):
            add((216, P))
        # other.night-cramps-condition
        if F41(v0) and (v3 is not M and F50(v3)) and (v4 is not M and F120(v4)):
            add((217, P))
        # other.night-cramps-medicine
        if F41(v0) and (v3 is not M and F50(v3)) and (v6 is not M and F121(v6)):
            add((218, P))
        # other.night-cramps-low-result
        if F41(v0) and (v3 is not M and F50(v3)):
            c = []
            for i0, f0 in labs:
                if ((_v := f0.get('status', M)) is not M and ('low' == _v)):
                    c.append(((i0, 1,), (f0, person,)))
            if c:
                add((219, c if len(c) == 1 else _ordered(c)))
    if v12 is not M:
        # course.short-illness
        if F122(v12):
            add((220, P))
    if v5 is not M:
        # course.sudden-onset
        if ('sudden' == v5):
            add((221, P))
    if v1 is not M:
        # course.one-sided
        if (True == v1):
            add((222, P))
    if v6 is not M:
        # medication.statin
        if F18(v6):
            add((223, P))
        # medication.statin-muscle-symptoms
        if F18(v6) and (v0 is not M and F123(v0)):
            add((224, P))
        # b12.proton-pump-inhibitor
        if F47(v6):
            add((225, P))
        # b6.isoniazid
        if F124(v6):
            add((226, P))
        # vitamin_d.antiepileptic
        if F125(v6):
            add((227, P))
    # conflict.clot-no-massage
    if True:
        waiting[228] = (((), ()),)
    if v19 is not M:
        # conflict.overdrinking-pace-drinking
        if F37(v19):
            add((229, P))
    if v4 is not M:
        # conflict.kidney-disease-potassium-foods
        if F64(v4):
            add((230, P))
    # conflict.high-potassium-foods
    if True:
        waiting[231] = (((), ()),)
    if v27 is not M:
        # conflict.vegan-diet
        if ('vegan' == v27):
            add((232, P))
        # conflict.vegetarian-diet
        if ('vegetarian' == v27):
            add((233, P))
        # conflict.pescatarian-diet
        if ('pescatarian' == v27):
            add((234, P))
    if v6 is not M:
        # conflict.anticoagulant-green-vegetables
        if F126(v6):
            add((235, P))
        # conflict.potassium-keeping-medicine
        if F127(v6):
            add((236, P))
    if v4 is not M:
        # conflict.kidney-disease-mineral-foods
        if F64(v4):
            add((237, P))
    if v16 is not M:
        # conflict.no-exercise-no-training-advice
        if ('none' == v16) and not ((v7 is not M and (True == v7))) and not ((v3 is not M and F10(v3))):
            add((238, P))
    if v29 is not M:
        # conflict.takes-magnesium
        if F128(v29):
            add((239, P))
        # conflict.takes-potassium
        if F129(v29):
            add((240, P))
        # conflict.takes-calcium
        if F130(v29):
            add((241, P))
        # conflict.takes-vitamin-d
        if F131(v29):
            add((242, P))
        # conflict.takes-vitamin-b12
        if F132(v29):
            add((243, P))
        # conflict.takes-b-vitamins
        if F133(v29):
            add((244, P))
        # conflict.takes-iron
        if F134(v29):
            add((245, P))
        # conflict.takes-electrolytes
        if F135(v29):
            add((246, P))
    if v18 is not M:
        # conflict.already-replaces-electrolytes
        if (True == v18):
            add((247, P))
    # safety_net.general
    if True and not ((v0 is not M and F136(v0))):
        add((248, P))
    if v0 is not M:
        # safety_net.red-flag
        if F136(v0):
            add((249, P))
    # safety_net.clot-suspected
    if True:
        waiting[250] = (((), ()),)
    if v1 is not M:
        # safety_net.one-sided-leg
        if (True == v1) and (v22 is not M and F42(v22)):
            add((251, P))
    if v6 is not M:
        # safety_net.statin
        if F18(v6):
            add((252, P))
    if v15 is not M:
        # safety_net.heat
        if (True == v15):
            add((253, P))
    if v13 is not M:
        # safety_net.fluid-loss
        if F21(v13):
            add((254, P))
    if 'hemoglobin_g_dl' in by_name:
        # labs.hemoglobin-critically-low
        c = []
        for i0, f0 in by_name.get('hemoglobin_g_dl', ()):
            if ((_v := f0.get('band', M)) is not M and ('critically_low' == _v)):
                c.append(((i0,), (f0,)))
        if c:
            add((255, c if len(c) == 1 else _ordered(c)))
    if v12 is not M:
        # referral.persistent
        if F137(v12):
            add((256, P))
    if v8 is not M:
        # referral.no-rest-relief
        if (False == v8):
            add((257, P))
    if v2 is not M:
        # referral.severe
        if ('severe' == v2):
            add((258, P))
    if v0 is not M:
        # referral.tingling-numbness
        if F12(v0):
            waiting[259] = P
        # referral.fatigue
        if F55(v0):
            waiting[260] = P
    if v6 is not M:
        # referral.medication-statin-fibrate
        if F138(v6):
            add((261, P))
        # referral.medication-statin-macrolide
        if F139(v6):
            add((262, P))
        # referral.medication-diuretic-weakness
        if F140(v6) and (v0 is not M and F20(v0)):
            add((263, P))
        # referral.medication-diuretic-cramps
        if F45(v6) and (v0 is not M and F49(v0)):
            add((264, P))
        # referral.medication-steroid-weakness
        if F52(v6) and (v0 is not M and F20(v0)):
            add((265, P))
    if v4 is not M:
        # referral.condition
        if F35(v4):
            add((266, P))
    # referral.abnormal-lab
    c = []
    for i0, f0 in labs:
        if ((_v := f0.get('status', M)) is not M and F141(_v)):
            c.append(((i0,), (f0,)))
    if c:
        add((267, c if len(c) == 1 else _ordered(c)))
    if v0 is not M:
        # referral.calf-swelling-both-sides
        if F7(v0) and (v1 is not M and (False == v1)):
            add((268, P))
    if v19 is not M:
        # referral.water-overload-symptoms
        if F37(v19) and (v0 is not M and F38(v0)):
            waiting[269] = P
    if v1 is not M:
        # referral.one-sided-pain-older
        if (True == v1) and (v11 is not M and F36(v11)):
            add((270, P))
        # referral.one-sided-swelling-unknown
        if (True == v1) and not ((v0 is not M and True)):
            add((271, P))
    if v13 is not M:
        # referral.weakness-with-fluid-loss
        if F21(v13) and (v0 is not M and F142(v0)):
            add((272, P))
    if v0 is not M:
        # referral.claudication
        if F17(v0):
            add((273, P))
    if v11 is not M:
        # referral.pmr-features
        if F100(v11) and (v0 is not M and F98(v0)) and (v22 is not M and F99(v22)):
            add((274, P))
    if v0 is not M:
        # referral.thyroid-symptoms
        if F143(v0) and not ((v4 is not M and F108(v4))):
            add((275, P))
        # referral.nerve-symptoms-worsening
        if F144(v0) and (v30 is not M and ('worsening' == v30)) and not ((v1 is not M and (True == v1))):
            add((276, P))
    if 'vitamin_b12_pg_ml' in by_name:
        # referral.low-b12-nerves
        if (v0 is not M and F144(v0)):
            c = []
            for i0, f0 in by_name.get('vitamin_b12_pg_ml', ()):
                if ((_v := f0.get('status', M)) is not M and ('low' == _v)):
                    c.append(((i0, 1,), (f0, person,)))
            if c:
                add((277, c if len(c) == 1 else _ordered(c)))
    if 'potassium_mmol_l' in by_name:
        # referral.low-potassium-symptoms
        if (v0 is not M and F57(v0)):
            c = []
            for i0, f0 in by_name.get('potassium_mmol_l', ()):
                if ((_v := f0.get('status', M)) is not M and ('low' == _v)):
                    c.append(((i0, 1,), (f0, person,)))
            if c:
                add((278, c if len(c) == 1 else _ordered(c)))
    # referral.self-care
    if True:
        add((279, P))
    return out


def open_keys(person, given, fired, present, level, inferred):
    """The report's unknown: the reference walk (tests/unknowns_oracle.py), derived."""
    s = [0.0] * 39
    get = person.get
    v0 = get('symptoms', M)
    v1 = get('one_sided', M)
    v2 = get('severity', M)
    v3 = get('timing', M)
    v4 = get('conditions', M)
    v5 = get('onset', M)
    v6 = get('drug_classes', M)
    v7 = get('new_exercise', M)
    v8 = get('improves_with_rest', M)
    v9 = get('clot_risks', M)
    v10 = get('recent_injury', M)
    v11 = get('age', M)
    v12 = get('duration_days', M)
    v13 = get('fluid_losses', M)
    v14 = get('heavy_sweating', M)
    v15 = get('hot_environment', M)
    v16 = get('exercise_load', M)
    v17 = get('exercise_hours', M)
    v18 = get('electrolyte_drinks', M)
    v19 = get('exercise_water_l_per_hour', M)
    v20 = get('daily_fluid_intake', M)
    v21 = get('alcohol', M)
    v22 = get('locations', M)
    v23 = get('low_intake', M)
    v24 = get('sun_exposure', M)
    v25 = get('darker_skin', M)
    v26 = get('high_latitude', M)
    v27 = get('diet', M)
    v28 = get('smoker', M)
    v29 = get('supplements', M)
    v30 = get('course', M)
    R0 = None
    R1 = None
    R2 = None
    R3 = None
    R4 = None
    R5 = None
    R6 = None
    R7 = None
    R8 = None
    R9 = None
    R10 = None
    R11 = None
    R12 = None
    R13 = None
    R14 = None
    R15 = None
    R16 = None
    R17 = None
    R18 = None
    R19 = None
    R20 = None
    R21 = None
    R22 = None
    R23 = None
    R24 = None
    R25 = None
    R26 = None
    R27 = None
    R28 = None
    R29 = None
    rank = LR[level]
    if v0 is M:
        # redflag.chest-pain
        w = W145[rank]
        if w > 0:
            s[0] += w
        # redflag.seizures
        w = W146[rank]
        if w > 0:
            s[0] += w
        # redflag.confusion
        w = W147[rank]
        if w > 0:
            s[0] += w
        # redflag.paralysis
        w = W148[rank]
        if w > 0:
            s[0] += w
        # redflag.irregular-heartbeat
        w = W149[rank]
        if w > 0:
            s[0] += w
        # redflag.palpitations
        w = W150[rank]
        if w > 0:
            s[0] += w
        # redflag.dark-urine
        w = W151[rank]
        s[0] += w
    if v0 is M or v1 is M:
        # redflag.calf-swelling-one-sided
        if (v0 is M or F7(v0)) and (v1 is M or (True == v1)):
            w = W152[rank]
            if v0 is M:
                s[0] += w
            if v1 is M:
                s[1] += w
    if v0 is M:
        # redflag.calf-swelling-side-unknown
        w = W153[rank]
        s[0] += w
    if 'calcium_mg_dl' not in given:
        # redflag.low-calcium-symptoms
        if (v0 is M or F8(v0)):
            w = W154[rank]
            if v0 is M:
                s[0] += w
            s[2] += w
    if v0 is M:
        # redflag.tense-swelling
        w = W155[rank]
        s[0] += w
    if v0 is M or v2 is M or v3 is M:
        # redflag.severe-swelling-after-exertion
        if (v0 is M or F7(v0)) and (v2 is M or ('severe' == v2)) and (v3 is M or F10(v3)):
            w = W156[rank]
            if v0 is M:
                s[0] += w
            if v2 is M:
                s[3] += w
            if v3 is M:
                s[4] += w
    if v0 is M:
        # redflag.spreading-weakness-nerves
        w = W157[rank]
        s[0] += w
        # redflag.back-pain-bladder-bowel
        w = W158[rank]
        if w > 0:
            s[0] += w
    if v4 is M or v5 is M or v0 is M:
        # redflag.leg-arteries-suddenly-worse
        if (v4 is M or F15(v4)) and (v5 is M or ('sudden' == v5)) and (v0 is M or F16(v0)):
            w = W159[rank]
            if v4 is M:
                s[5] += w
            if v5 is M:
                s[6] += w
            if v0 is M:
                s[0] += w
    if v0 is M or v5 is M:
        # redflag.claudication-suddenly-worse
        if (v0 is M or (F17(v0) and F16(v0))) and (v5 is M or ('sudden' == v5)):
            w = W160[rank]
            if v0 is M:
                s[0] += w
            if v5 is M:
                s[6] += w
    if v0 is M or v1 is M:
        # redflag.chest-pain-one-sided-limb
        if (v0 is M or F0(v0)) and (v1 is M or (True == v1)):
            w = W161[rank]
            if v0 is M:
                s[0] += w
            if v1 is M:
                s[1] += w
    if 'potassium_mmol_l' not in given:
        # labs.potassium-critically-low
        w = W162[rank]
        if w > 0:
            s[7] += w
        # labs.potassium-critically-high
        w = W163[rank]
        if w > 0:
            s[7] += w
    if 'sodium_mmol_l' not in given:
        # labs.sodium-critically-low
        w = W164[rank]
        if w > 0:
            s[8] += w
    if 'calcium_mg_dl' not in given:
        # labs.calcium-critically-low
        w = W165[rank]
        if w > 0:
            s[2] += w
        # labs.calcium-critically-high
        w = W166[rank]
        if w > 0:
            s[2] += w
    if 'vitamin_d_25oh_ng_ml' not in given:
        # labs.vitamin-d-25oh-critically-high
        w = W167[rank]
        if w > 0:
            s[9] += w
    if v6 is M:
        # referral.medication-statin
        w = W168[rank]
        s[10] += w
    if v6 is M or v0 is M:
        # referral.medication-statin-weakness
        if (v6 is M or F18(v6)) and (v0 is M or F20(v0)):
            w = W169[rank]
            if v6 is M:
                s[10] += w
            if v0 is M:
                s[0] += w
    if v1 is M or v9 is M:
        # referral.one-sided-pain-clot-risk
        if (v1 is M or (True == v1)) and (v9 is M or F21(v9)):
            w = W170[rank]
            if v1 is M:
                s[1] += w
            if v9 is M:
                s[11] += w
    if v0 is M or v11 is M:
        # referral.flu-older
        if (v0 is M or F22(v0)) and (v11 is M or F23(v11)):
            w = W171[rank]
            if w > 0:
                if v0 is M:
                    s[0] += w
                if v11 is M:
                    s[12] += w
    if v0 is M or v12 is M:
        # referral.flu-not-improving
        if (v0 is M or F22(v0)) and (v12 is M or F24(v12)):
            w = W172[rank]
            if w > 0:
                if v0 is M:
                    s[0] += w
                if v12 is M:
                    s[13] += w
    if v0 is M or v4 is M:
        # referral.flu-at-risk
        if (v0 is M or F22(v0)) and (v4 is M or F25(v4)):
            w = W173[rank]
            if w > 0:
                if v0 is M:
                    s[0] += w
                if v4 is M:
                    s[5] += w
    if v13 is M or v12 is M or v0 is M:
        # referral.vomiting-too-long
        if (v13 is M or F26(v13)) and (v12 is M or F27(v12)) and (v0 is M or F28(v0)):
            w = W174[rank]
            if w > 0:
                if v13 is M:
                    s[14] += w
                if v12 is M:
                    s[13] += w
                if v0 is M:
                    s[0] += w
    # sodium.sweat-loss
    if 'sodium.sweat-loss' not in fired:
        w = 0.15
        if w > 0:
            if R2 is None:
                R2 = NO
                k2 = set()
                ok2 = True
                if ok2 and 'sweat_loss' not in inferred:
                    if R0 is None:
                        R0 = NO
                        if (v14 is M or (True == v14)):
                            k0 = set()
                            if v14 is M:
                                k0.add(15)
                            ok0 = True
                            if ok0:
                                R0 = (True, k0)
                    if R1 is None:
                        R1 = NO
                        if (v15 is M or (True == v15)) and (v16 is M or F29(v16)):
                            k1 = set()
                            if v15 is M:
                                k1.add(16)
                            if v16 is M:
                                k1.add(17)
                            ok1 = True
                            if ok1:
                                R1 = (True, k1)
                    if R0[0] or R1[0]:
                        if R0[0]:
                            k2 |= R0[1]
                        if R1[0]:
                            k2 |= R1[1]
                    else:
                        ok2 = False
                if ok2:
                    R2 = (True, k2)
            if R2[0]:
                for k in R2[1]:
                    s[k] += w
    # sodium.no-electrolyte-replacement
    if 'sodium.no-electrolyte-replacement' not in fired:
        w = 0.2
        if w > 0:
            if R3 is None:
                R3 = NO
                if (v18 is M or (False == v18)):
                    k3 = set()
                    if v18 is M:
                        k3.add(19)
                    ok3 = True
                    if ok3 and 'sweat_loss' not in inferred:
                        if R0 is None:
                            R0 = NO
                            if (v14 is M or (True == v14)):
                                k0 = set()
                                if v14 is M:
                                    k0.add(15)
                                ok0 = True
                                if ok0:
                                    R0 = (True, k0)
                        if R1 is None:
                            R1 = NO
                            if (v15 is M or (True == v15)) and (v16 is M or F29(v16)):
                                k1 = set()
                                if v15 is M:
                                    k1.add(16)
                                if v16 is M:
                                    k1.add(17)
                                ok1 = True
                                if ok1:
                                    R1 = (True, k1)
                        if R0[0] or R1[0]:
                            if R0[0]:
                                k3 |= R0[1]
                            if R1[0]:
                                k3 |= R1[1]
                        else:
                            ok3 = False
                    if ok3:
                        R3 = (True, k3)
            if R3[0]:
                for k in R3[1]:
                    s[k] += w
    # sodium.water-overload
    if 'sodium.water-overload' not in fired:
        w = 0.3
        if w > 0:
            if R6 is None:
                R6 = NO
                if (v19 is M or F37(v19)):
                    k6 = set()
                    if v19 is M:
                        k6.add(20)
                    ok6 = True
                    if ok6 and 'long_or_intense_exercise' not in inferred:
                        if R4 is None:
                            R4 = NO
                            if (v16 is M or ('intense' == v16)):
                                k4 = set()
                                if v16 is M:
                                    k4.add(17)
                                ok4 = True
                                if ok4:
                                    R4 = (True, k4)
                        if R5 is None:
                            R5 = NO
                            if (v17 is M or F30(v17)):
                                k5 = set()
                                if v17 is M:
                                    k5.add(18)
                                ok5 = True
                                if ok5:
                                    R5 = (True, k5)
                        if R4[0] or R5[0]:
                            if R4[0]:
                                k6 |= R4[1]
                            if R5[0]:
                                k6 |= R5[1]
                        else:
                            ok6 = False
                    if ok6:
                        R6 = (True, k6)
            if R6[0]:
                for k in R6[1]:
                    s[k] += w
    if v0 is M:
        # sodium.wobbliness
        s[0] += 0.35
    if v13 is M:
        # sodium.fluid-loss
        s[14] += 0.2
    if v20 is M:
        # hydration.low-fluid-intake
        s[21] += 0.3
        # hydration.ample-fluid-intake
        s[21] += 0.0 + (0.3 if 'dehydration' in present else 0.0)
    # hydration.sweat-without-electrolytes
    if 'hydration.sweat-without-electrolytes' not in fired:
        w = 0.3
        if w > 0:
            if R7 is None:
                R7 = NO
                if (v18 is M or (False == v18)):
                    k7 = set()
                    if v18 is M:
                        k7.add(19)
                    ok7 = True
                    if ok7 and 'sweat_loss' not in inferred:
                        if R0 is None:
                            R0 = NO
                            if (v14 is M or (True == v14)):
                                k0 = set()
                                if v14 is M:
                                    k0.add(15)
                                ok0 = True
                                if ok0:
                                    R0 = (True, k0)
                        if R1 is None:
                            R1 = NO
                            if (v15 is M or (True == v15)) and (v16 is M or F29(v16)):
                                k1 = set()
                                if v15 is M:
                                    k1.add(16)
                                if v16 is M:
                                    k1.add(17)
                                ok1 = True
                                if ok1:
                                    R1 = (True, k1)
                        if R0[0] or R1[0]:
                            if R0[0]:
                                k7 |= R0[1]
                            if R1[0]:
                                k7 |= R1[1]
                        else:
                            ok7 = False
                    if ok7:
                        R7 = (True, k7)
            if R7[0]:
                for k in R7[1]:
                    s[k] += w
    if v13 is M:
        # hydration.fluid-loss
        s[14] += 0.3
    if v0 is M:
        # hydration.thirst
        s[0] += 0.35
    # hydration.exercise-cramps
    if 'hydration.exercise-cramps' not in fired:
        w = 0.25
        if w > 0:
            if R8 is None:
                R8 = NO
                if (v0 is M or F41(v0)) and (v3 is M or F10(v3)):
                    k8 = set()
                    if v0 is M:
                        k8.add(0)
                    if v3 is M:
                        k8.add(4)
                    ok8 = True
                    if ok8 and 'sweat_loss' not in inferred:
                        if R0 is None:
                            R0 = NO
                            if (v14 is M or (True == v14)):
                                k0 = set()
                                if v14 is M:
                                    k0.add(15)
                                ok0 = True
                                if ok0:
                                    R0 = (True, k0)
                        if R1 is None:
                            R1 = NO
                            if (v15 is M or (True == v15)) and (v16 is M or F29(v16)):
                                k1 = set()
                                if v15 is M:
                                    k1.add(16)
                                if v16 is M:
                                    k1.add(17)
                                ok1 = True
                                if ok1:
                                    R1 = (True, k1)
                        if R0[0] or R1[0]:
                            if R0[0]:
                                k8 |= R0[1]
                            if R1[0]:
                                k8 |= R1[1]
                        else:
                            ok8 = False
                    if ok8:
                        R8 = (True, k8)
            if R8[0]:
                for k in R8[1]:
                    s[k] += w
    if v14 is M or v15 is M or v0 is M:
        # hydration.heat-sweat-thirst
        if (v14 is M or (True == v14)) and (v15 is M or (True == v15)) and (v0 is M or F40(v0)):
            if v14 is M:
                s[15] += 0.25
            if v15 is M:
                s[16] += 0.25
            if v0 is M:
                s[0] += 0.25
        # hydration.heat-sweat-dark-urine
        if (v14 is M or (True == v14)) and (v15 is M or (True == v15)) and (v0 is M or F6(v0)):
            if v14 is M:
                s[15] += 0.4
            if v15 is M:
                s[16] += 0.4
            if v0 is M:
                s[0] += 0.4
    if v19 is M:
        # hydration.overdrinking
        s[20] += 0.0 + (0.4 if 'dehydration' in present else 0.0)
    if v21 is M:
        # hydration.heavy-alcohol
        s[22] += 0.15
    if v11 is M or v0 is M or v22 is M:
        # electrolytes.age-over-65-cramps
        if (v11 is M or F23(v11)) and (v0 is M or F41(v0)) and (v22 is M or F42(v22)):
            if v11 is M:
                s[12] += 0.30000000000000004
            if v0 is M:
                s[0] += 0.30000000000000004
            if v22 is M:
                s[23] += 0.30000000000000004
    if v0 is M:
        # electrolytes.slow-recovery
        s[0] += 0.30000000000000004
    if v23 is M:
        # magnesium.low-intake
        s[24] += 0.2
    # magnesium.sweat-loss
    if 'magnesium.sweat-loss' not in fired:
        w = 0.15
        if w > 0:
            if R9 is None:
                R9 = NO
                k9 = set()
                ok9 = True
                if ok9 and 'sweat_loss' not in inferred:
                    if R0 is None:
                        R0 = NO
                        if (v14 is M or (True == v14)):
                            k0 = set()
                            if v14 is M:
                                k0.add(15)
                            ok0 = True
                            if ok0:
                                R0 = (True, k0)
                    if R1 is None:
                        R1 = NO
                        if (v15 is M or (True == v15)) and (v16 is M or F29(v16)):
                            k1 = set()
                            if v15 is M:
                                k1.add(16)
                            if v16 is M:
                                k1.add(17)
                            ok1 = True
                            if ok1:
                                R1 = (True, k1)
                    if R0[0] or R1[0]:
                        if R0[0]:
                            k9 |= R0[1]
                        if R1[0]:
                            k9 |= R1[1]
                    else:
                        ok9 = False
                if ok9:
                    R9 = (True, k9)
            if R9[0]:
                for k in R9[1]:
                    s[k] += w
    if v6 is M:
        # magnesium.diuretic
        s[10] += 0.25
    if v6 is M or v0 is M:
        # magnesium.diuretic-muscle-symptoms
        if (v6 is M or F45(v6)) and (v0 is M or F46(v0)):
            if v6 is M:
                s[10] += 0.2
            if v0 is M:
                s[0] += 0.2
    if v6 is M:
        # magnesium.proton-pump-inhibitor
        s[10] += 0.2
    if v4 is M:
        # magnesium.gitelman
        s[5] += 0.5
    if v21 is M:
        # magnesium.heavy-alcohol
        s[22] += 0.15
    if v13 is M:
        # magnesium.fluid-loss
        s[14] += 0.15
    if v0 is M:
        # magnesium.cramps-spasms
        s[0] += 0.2
    if v0 is M or v3 is M:
        # magnesium.night-cramps
        if (v0 is M or F41(v0)) and (v3 is M or F50(v3)):
            if v0 is M:
                s[0] += 0.3
            if v3 is M:
                s[4] += 0.3
    if v0 is M:
        # magnesium.twitching-tension
        s[0] += 0.2
    # potassium.sweat-loss
    if 'potassium.sweat-loss' not in fired:
        w = 0.2
        if w > 0:
            if R10 is None:
                R10 = NO
                k10 = set()
                ok10 = True
                if ok10 and 'sweat_loss' not in inferred:
                    if R0 is None:
                        R0 = NO
                        if (v14 is M or (True == v14)):
                            k0 = set()
                            if v14 is M:
                                k0.add(15)
                            ok0 = True
                            if ok0:
                                R0 = (True, k0)
                    if R1 is None:
                        R1 = NO
                        if (v15 is M or (True == v15)) and (v16 is M or F29(v16)):
                            k1 = set()
                            if v15 is M:
                                k1.add(16)
                            if v16 is M:
                                k1.add(17)
                            ok1 = True
                            if ok1:
                                R1 = (True, k1)
                    if R0[0] or R1[0]:
                        if R0[0]:
                            k10 |= R0[1]
                        if R1[0]:
                            k10 |= R1[1]
                    else:
                        ok10 = False
                if ok10:
                    R10 = (True, k10)
            if R10[0]:
                for k in R10[1]:
                    s[k] += w
    if v13 is M:
        # potassium.fluid-loss
        s[14] += 0.25
    if v6 is M:
        # potassium.diuretic
        s[10] += 0.3
    if v6 is M or v0 is M:
        # potassium.diuretic-muscle-symptoms
        if (v6 is M or F45(v6)) and (v0 is M or F46(v0)):
            if v6 is M:
                s[10] += 0.2
            if v0 is M:
                s[0] += 0.2
    if v6 is M:
        # potassium.corticosteroid
        s[10] += 0.15
        # potassium.laxative
        s[10] += 0.15
    if v4 is M:
        # potassium.gitelman
        s[5] += 0.5
    if v21 is M:
        # potassium.heavy-alcohol
        s[22] += 0.15
    if v0 is M:
        # potassium.cramps-weakness
        s[0] += 0.15
    if v0 is M or v22 is M:
        # potassium.leg-cramps-weakness
        if (v0 is M or F41(v0)) and (v22 is M or F42(v22)):
            if v0 is M:
                s[0] += 0.2
            if v22 is M:
                s[23] += 0.2
    if v0 is M:
        # potassium.fatigue
        s[0] += 0.1
        # potassium.constipation
        s[0] += 0.1
        # potassium.no-way-of-losing-it
        s[0] += 0.0 + (0.35 if 'potassium' in present else 0.0)
    if v23 is M:
        # calcium.low-dairy
        s[24] += 0.2
        # calcium.low-greens-fortified
        s[24] += 0.15
    if 'vitamin_d_25oh_ng_ml' not in given:
        # calcium.low-vitamin-d
        s[9] += 0.25
    if v0 is M:
        # calcium.cramps-spasms
        s[0] += 0.15
        # calcium.tingling
        s[0] += 0.2
        # calcium.weakness
        s[0] += 0.1
    if v24 is M:
        # vitamin_d.low-sun
        s[25] += 0.2
    if v25 is M:
        # vitamin_d.darker-skin
        s[26] += 0.1
    if v26 is M:
        # vitamin_d.high-latitude
        s[27] += 0.1
    # vitamin_d.low-sun-compounded
    if 'vitamin_d.low-sun-compounded' not in fired:
        w = 0.15
        if w > 0:
            if R13 is None:
                R13 = NO
                if (v24 is M or ('low' == v24)):
                    k13 = set()
                    if v24 is M:
                        k13.add(25)
                    ok13 = True
                    if ok13 and 'vitamin_d_less_synthesis' not in inferred:
                        if R11 is None:
                            R11 = NO
                            if (v25 is M or (True == v25)):
                                k11 = set()
                                if v25 is M:
                                    k11.add(26)
                                ok11 = True
                                if ok11:
                                    R11 = (True, k11)
                        if R12 is None:
                            R12 = NO
                            if (v26 is M or (True == v26)):
                                k12 = set()
                                if v26 is M:
                                    k12.add(27)
                                ok12 = True
                                if ok12:
                                    R12 = (True, k12)
                        if R11[0] or R12[0]:
                            if R11[0]:
                                k13 |= R11[1]
                            if R12[0]:
                                k13 |= R12[1]
                        else:
                            ok13 = False
                    if ok13:
                        R13 = (True, k13)
            if R13[0]:
                for k in R13[1]:
                    s[k] += w
    if v24 is M:
        # vitamin_d.ample-sun
        s[25] += 0.0 + (0.2 if 'vitamin_d' in present else 0.0)
    if v23 is M:
        # vitamin_d.low-intake
        s[24] += 0.15
    if v4 is M:
        # vitamin_d.malabsorption
        s[5] += 0.2
        # vitamin_d.kidney-disease
        s[5] += 0.2
        # vitamin_d.autoimmune
        s[5] += 0.1
    if v0 is M:
        # vitamin_d.weakness-aches
        s[0] += 0.15
        # vitamin_d.bone-pain
        s[0] += 0.3
        # vitamin_d.fatigue
        s[0] += 0.1
        # vitamin_d.mood-changes
        s[0] += 0.15
    if v0 is M or v22 is M:
        # vitamin_d.leg-aches
        if (v0 is M or F69(v0)) and (v22 is M or F42(v22)):
            if v0 is M:
                s[0] += 0.15
            if v22 is M:
                s[23] += 0.15
        # vitamin_d.leg-cramps
        if (v0 is M or F41(v0)) and (v22 is M or F42(v22)):
            if v0 is M:
                s[0] += 0.1
            if v22 is M:
                s[23] += 0.1
    if v27 is M:
        # b12.vegan-diet
        s[28] += 0.3
        # b12.vegetarian-diet
        s[28] += 0.2
    if v23 is M:
        # b12.low-animal-foods
        s[24] += 0.15
    if v4 is M:
        # b12.malabsorption
        s[5] += 0.25
    if v6 is M:
        # b12.metformin
        s[10] += 0.25
    if v0 is M:
        # b12.tingling-numbness
        s[0] += 0.25
    if v0 is M or v22 is M:
        # b12.hands-feet
        if (v0 is M or F12(v0)) and (v22 is M or F73(v22)):
            if v0 is M:
                s[0] += 0.2
            if v22 is M:
                s[23] += 0.2
    if v0 is M:
        # b12.balance-problems
        s[0] += 0.25
        # b12.weakness
        s[0] += 0.1
        # b12.cramps
        s[0] += 0.1
        # b12.fatigue
        s[0] += 0.1
    if v23 is M:
        # b6.low-intake
        s[24] += 0.15
    if v4 is M:
        # b6.malabsorption
        s[5] += 0.1
    if v0 is M or v22 is M:
        # b1.lower-leg-aches
        if (v0 is M or F76(v0)) and (v22 is M or F77(v22)):
            if v0 is M:
                s[0] += 0.15
            if v22 is M:
                s[23] += 0.15
    if v23 is M:
        # b1.low-whole-grains
        s[24] += 0.15
    if v21 is M:
        # b1.heavy-alcohol
        s[22] += 0.3
    if v4 is M:
        # b1.malabsorption
        s[5] += 0.1
        # iron.anemia
        s[5] += 0.4
    if v23 is M:
        # iron.low-intake
        s[24] += 0.15
    if v4 is M:
        # iron.malabsorption
        s[5] += 0.15
    if v0 is M:
        # iron.pale-skin
        s[0] += 0.25
        # iron.brittle-nails
        s[0] += 0.25
        # iron.restless-legs
        s[0] += 0.25
        # iron.fatigue-weakness
        s[0] += 0.2
        # iron.spasms
        s[0] += 0.1
    if v0 is M or v3 is M:
        # iron.activity-cramps
        if (v0 is M or F41(v0)) and (v3 is M or F10(v3)):
            if v0 is M:
                s[0] += 0.15
            if v3 is M:
                s[4] += 0.15
        # iron.soreness-during-activity
        if (v0 is M or F86(v0)) and (v3 is M or F87(v3)):
            if v0 is M:
                s[0] += 0.1
            if v3 is M:
                s[4] += 0.1
    if 'magnesium_mg_dl' not in given:
        # magnesium.lab-low
        s[29] += 0.85
        # magnesium.lab-normal
        s[29] += 0.0 + (0.5 if 'magnesium' in present else 0.0)
        # magnesium.lab-high
        s[29] += 0.0 + (0.8 if 'magnesium' in present else 0.0)
    if 'potassium_mmol_l' not in given:
        # potassium.lab-low
        s[7] += 0.85
        # potassium.lab-normal
        s[7] += 0.0 + (0.7 if 'potassium' in present else 0.0)
        # potassium.lab-high
        s[7] += 0.0 + (0.95 if 'potassium' in present else 0.0)
    if 'sodium_mmol_l' not in given:
        # sodium.lab-low
        s[8] += 0.85
        # sodium.lab-normal
        s[8] += 0.0 + (0.8 if 'sodium' in present else 0.0)
        # sodium.lab-high
        s[8] += 0.0 + (0.95 if 'sodium' in present else 0.0)
    if 'calcium_mg_dl' not in given:
        # calcium.lab-low
        s[2] += 0.85
        # calcium.lab-normal
        s[2] += 0.0 + (0.6 if 'calcium' in present else 0.0)
        # calcium.lab-high
        s[2] += 0.0 + (0.9 if 'calcium' in present else 0.0)
    if 'vitamin_d_25oh_ng_ml' not in given:
        # vitamin_d.lab-low
        s[9] += 0.9
        # vitamin_d.lab-normal
        s[9] += 0.0 + (0.8 if 'vitamin_d' in present else 0.0)
        # vitamin_d.lab-high
        s[9] += 0.0 + (0.95 if 'vitamin_d' in present else 0.0)
    if 'vitamin_b12_pg_ml' not in given:
        # b12.lab-low
        s[30] += 0.85
        # b12.lab-borderline
        s[30] += 0.2
        # b12.lab-normal
        s[30] += 0.0 + (0.7 if 'vitamin_b12' in present else 0.0)
        # b12.lab-high
        s[30] += 0.0 + (0.8 if 'vitamin_b12' in present else 0.0)
    if 'ferritin_ng_ml' not in given:
        # iron.ferritin-low
        s[31] += 0.85
        # iron.ferritin-borderline
        s[31] += 0.4
        # iron.ferritin-normal
        s[31] += 0.0 + (0.7 if 'iron' in present else 0.0)
        # iron.ferritin-high
        s[31] += 0.0 + (0.5 if 'iron' in present else 0.0)
    if 'hemoglobin_g_dl' not in given:
        # iron.hemoglobin-low
        s[32] += 0.6
        # iron.hemoglobin-high
        s[32] += 0.0 + (0.5 if 'iron' in present else 0.0)
    if v0 is M or v3 is M:
        # exercise.doms-after-exercise
        if (v0 is M or F86(v0)) and (v3 is M or F19(v3)):
            if v0 is M:
                s[0] += 0.3
            if v3 is M:
                s[4] += 0.3
    if v3 is M or v8 is M:
        # exercise.doms-eases-with-rest
        if (v3 is M or F19(v3)) and (v8 is M or (True == v8)):
            if v3 is M:
                s[4] += 0.25
            if v8 is M:
                s[33] += 0.25
    if v3 is M or v12 is M:
        # exercise.doms-short
        if (v3 is M or F19(v3)) and (v12 is M or F90(v12)):
            if v3 is M:
                s[4] += 0.2
            if v12 is M:
                s[13] += 0.2
    if v3 is M or v16 is M:
        # exercise.doms-intense-training
        if (v3 is M or F19(v3)) and (v16 is M or ('intense' == v16)):
            if v3 is M:
                s[4] += 0.2
            if v16 is M:
                s[17] += 0.2
    if v3 is M or v12 is M:
        # exercise.doms-lasts-too-long
        if (v3 is M or F19(v3)) and (v12 is M or F24(v12)):
            if v3 is M:
                s[4] += 0.0 + (0.6 if 'doms' in present else 0.0)
            if v12 is M:
                s[13] += 0.0 + (0.6 if 'doms' in present else 0.0)
    if v3 is M or v8 is M:
        # exercise.doms-no-rest-relief
        if (v3 is M or F19(v3)) and (v8 is M or (False == v8)):
            if v3 is M:
                s[4] += 0.0 + (0.6 if 'doms' in present else 0.0)
            if v8 is M:
                s[33] += 0.0 + (0.6 if 'doms' in present else 0.0)
    if v3 is M or v0 is M:
        # exercise.doms-other-symptoms
        if (v3 is M or F19(v3)) and (v0 is M or F91(v0)):
            if v3 is M:
                s[4] += 0.0 + (0.25 if 'doms' in present else 0.0)
            if v0 is M:
                s[0] += 0.0 + (0.25 if 'doms' in present else 0.0)
    if v3 is M or v10 is M:
        # exercise.doms-injury
        if (v3 is M or F19(v3)) and (v10 is M or (True == v10)):
            if v3 is M:
                s[4] += 0.0 + (0.4 if 'doms' in present else 0.0)
            if v10 is M:
                s[34] += 0.0 + (0.4 if 'doms' in present else 0.0)
    if v3 is M or v0 is M:
        # exercise.doms-dark-urine
        if (v3 is M or F19(v3)) and (v0 is M or F6(v0)):
            if v3 is M:
                s[4] += 0.0 + (0.8 if 'doms' in present else 0.0)
            if v0 is M:
                s[0] += 0.0 + (0.8 if 'doms' in present else 0.0)
    if v10 is M:
        # exercise.strain-incident
        s[34] += 0.5
    if v10 is M or v1 is M:
        # exercise.strain-one-sided
        if (v10 is M or (True == v10)) and (v1 is M or (True == v1)):
            if v10 is M:
                s[34] += 0.25
            if v1 is M:
                s[1] += 0.25
    if v10 is M or v22 is M:
        # exercise.strain-whole-body
        if (v10 is M or (True == v10)) and (v22 is M or F92(v22)):
            if v10 is M:
                s[34] += 0.0 + (0.4 if 'muscle_strain' in present else 0.0)
            if v22 is M:
                s[23] += 0.0 + (0.4 if 'muscle_strain' in present else 0.0)
    if v0 is M:
        # referral.spreading-weakness
        w = W175[rank]
        s[0] += w
        # other.claudication
        s[0] += 0.5
    if v0 is M or v8 is M:
        # other.claudication-eases-with-rest
        if (v0 is M or F17(v0)) and (v8 is M or (True == v8)):
            if v0 is M:
                s[0] += 0.25
            if v8 is M:
                s[33] += 0.25
    if v0 is M or v28 is M:
        # other.claudication-smoker
        if (v0 is M or F17(v0)) and (v28 is M or (True == v28)):
            if v0 is M:
                s[0] += 0.3
            if v28 is M:
                s[35] += 0.3
    if v0 is M or v11 is M:
        # other.claudication-older
        if (v0 is M or F17(v0)) and (v11 is M or F36(v11)):
            if v0 is M:
                s[0] += 0.2
            if v11 is M:
                s[12] += 0.2
    if v0 is M or v4 is M:
        # other.claudication-diabetes
        if (v0 is M or F17(v0)) and (v4 is M or F93(v4)):
            if v0 is M:
                s[0] += 0.2
            if v4 is M:
                s[5] += 0.2
    if v4 is M or v0 is M:
        # other.pad-diagnosed
        if (v4 is M or F15(v4)) and (v0 is M or F94(v0)):
            if v4 is M:
                s[5] += 0.5
            if v0 is M:
                s[0] += 0.5
    if v0 is M or v8 is M:
        # other.claudication-no-rest-relief
        if (v0 is M or F17(v0)) and (v8 is M or (False == v8)):
            if v0 is M:
                s[0] += 0.0 + (0.4 if 'peripheral_arterial_disease' in present else 0.0)
            if v8 is M:
                s[33] += 0.0 + (0.4 if 'peripheral_arterial_disease' in present else 0.0)
    if v0 is M:
        # other.sciatica-radiating
        s[0] += 0.5
        # other.sciatica-back-pain
        s[0] += 0.25
    if v0 is M or v22 is M:
        # other.sciatica-buttock-thigh
        if (v0 is M or F95(v0)) and (v22 is M or F97(v22)):
            if v0 is M:
                s[0] += 0.25
            if v22 is M:
                s[23] += 0.25
    if v0 is M or v1 is M:
        # other.sciatica-one-sided
        if (v0 is M or F95(v0)) and (v1 is M or (True == v1)):
            if v0 is M:
                s[0] += 0.2
            if v1 is M:
                s[1] += 0.2
    if v0 is M or v22 is M:
        # other.sciatica-whole-body
        if (v0 is M or F95(v0)) and (v22 is M or F92(v22)):
            if v0 is M:
                s[0] += 0.0 + (0.4 if 'sciatica' in present else 0.0)
            if v22 is M:
                s[23] += 0.0 + (0.4 if 'sciatica' in present else 0.0)
        # other.pmr-morning-stiffness
        if (v0 is M or F98(v0)) and (v22 is M or F99(v22)):
            if v0 is M:
                s[0] += 0.4
            if v22 is M:
                s[23] += 0.4
    if v0 is M or v22 is M or v11 is M:
        # other.pmr-age
        if (v0 is M or F98(v0)) and (v22 is M or F99(v22)) and (v11 is M or F100(v11)):
            if v0 is M:
                s[0] += 0.3
            if v22 is M:
                s[23] += 0.3
            if v11 is M:
                s[12] += 0.3
    if v0 is M or v22 is M or v1 is M:
        # other.pmr-both-sides
        if (v0 is M or F98(v0)) and (v22 is M or F101(v22)) and (v1 is M or (False == v1)):
            if v0 is M:
                s[0] += 0.2
            if v22 is M:
                s[23] += 0.2
            if v1 is M:
                s[1] += 0.2
    if v0 is M or v22 is M:
        # other.pmr-tired
        if (v0 is M or F102(v0)) and (v22 is M or F99(v22)):
            if v0 is M:
                s[0] += 0.15
            if v22 is M:
                s[23] += 0.15
    if v4 is M:
        # other.pmr-diagnosed
        s[5] += 0.6
    if v0 is M or v11 is M:
        # other.pmr-young
        if (v0 is M or F98(v0)) and (v11 is M or F104(v11)):
            if v0 is M:
                s[0] += 0.0 + (0.6 if 'polymyalgia_rheumatica' in present else 0.0)
            if v11 is M:
                s[12] += 0.0 + (0.6 if 'polymyalgia_rheumatica' in present else 0.0)
    if v0 is M:
        # other.thyroid-cold-weight
        s[0] += 0.4
        # other.thyroid-cold
        s[0] += 0.2
        # other.thyroid-weight-tired
        s[0] += 0.2
    if v4 is M:
        # other.thyroid-diagnosed
        s[5] += 0.5
    if v0 is M:
        # other.viral-fever-aches
        s[0] += 0.5
        # other.viral-unwell-aches
        s[0] += 0.3
    if v0 is M or v22 is M:
        # other.viral-whole-body
        if (v0 is M or F110(v0)) and (v22 is M or F92(v22)):
            if v0 is M:
                s[0] += 0.2
            if v22 is M:
                s[23] += 0.2
    if v0 is M or v12 is M:
        # other.viral-short
        if (v0 is M or F110(v0)) and (v12 is M or F111(v12)):
            if v0 is M:
                s[0] += 0.2
            if v12 is M:
                s[13] += 0.2
    if v0 is M or v5 is M:
        # other.viral-sudden
        if (v0 is M or F110(v0)) and (v5 is M or ('sudden' == v5)):
            if v0 is M:
                s[0] += 0.15
            if v5 is M:
                s[6] += 0.15
    if v0 is M or v12 is M:
        # other.viral-too-long
        if (v0 is M or F110(v0)) and (v12 is M or F112(v12)):
            if v0 is M:
                s[0] += 0.0 + (0.5 if 'viral_illness' in present else 0.0)
            if v12 is M:
                s[13] += 0.0 + (0.5 if 'viral_illness' in present else 0.0)
    if v0 is M or v3 is M:
        # other.compartment-after-exertion
        if (v0 is M or F9(v0)) and (v3 is M or F10(v3)):
            if v0 is M:
                s[0] += 0.4
            if v3 is M:
                s[4] += 0.4
    if v0 is M or v7 is M:
        # other.compartment-new-exercise
        if (v0 is M or F9(v0)) and (v7 is M or (True == v7)):
            if v0 is M:
                s[0] += 0.2
            if v7 is M:
                s[36] += 0.2
    if v0 is M:
        # other.compartment-nerves
        s[0] += 0.2
    if v0 is M or v10 is M:
        # other.compartment-after-injury
        if (v0 is M or F9(v0)) and (v10 is M or (True == v10)):
            if v0 is M:
                s[0] += 0.0 + 0.4 + (0.3 if 'muscle_strain' in present else 0.0)
            if v10 is M:
                s[34] += 0.0 + 0.4 + (0.3 if 'muscle_strain' in present else 0.0)
    if v3 is M or v8 is M or v0 is M:
        # other.compartment-exercise-pattern
        if (v3 is M or F87(v3)) and (v8 is M or (True == v8)) and (v0 is M or F113(v0)):
            if v3 is M:
                s[4] += 0.4
            if v8 is M:
                s[33] += 0.4
            if v0 is M:
                s[0] += 0.4
    if v0 is M or v3 is M:
        # other.rhabdo-after-exertion
        if (v0 is M or F6(v0)) and (v3 is M or F10(v3)):
            if v0 is M:
                s[0] += 0.3
            if v3 is M:
                s[4] += 0.3
    if v0 is M or v7 is M:
        # other.rhabdo-hard-training
        if (v0 is M or F6(v0)) and (v7 is M or (True == v7)):
            if v0 is M:
                s[0] += 0.2
            if v7 is M:
                s[36] += 0.2
    if v0 is M or v6 is M:
        # other.rhabdo-statin
        if (v0 is M or F6(v0)) and (v6 is M or F18(v6)):
            if v0 is M:
                s[0] += 0.3
            if v6 is M:
                s[10] += 0.3
    if v0 is M:
        # other.rhabdo-weak-aching
        s[0] += 0.2
    if v0 is M or v13 is M:
        # other.weakness-after-diarrhoea
        if (v0 is M or F11(v0)) and (v13 is M or F115(v13)):
            if v0 is M:
                s[0] += 0.3
            if v13 is M:
                s[14] += 0.3
    if v0 is M or v1 is M:
        # other.weakness-both-sides
        if (v0 is M or F11(v0)) and (v1 is M or (False == v1)):
            if v0 is M:
                s[0] += 0.2
            if v1 is M:
                s[1] += 0.2
    if v0 is M:
        # other.weakness-unsteady
        s[0] += 0.15
    if v4 is M or v0 is M:
        # other.pregnancy-cramps
        if (v4 is M or F34(v4)) and (v0 is M or F41(v0)):
            if v4 is M:
                s[5] += 0.5
            if v0 is M:
                s[0] += 0.5
    if v4 is M or v0 is M or v3 is M:
        # other.pregnancy-night-cramps
        if (v4 is M or F34(v4)) and (v0 is M or F41(v0)) and (v3 is M or F50(v3)):
            if v4 is M:
                s[5] += 0.3
            if v0 is M:
                s[0] += 0.3
            if v3 is M:
                s[4] += 0.3
    if v4 is M or v0 is M or v22 is M:
        # other.pregnancy-cramps-calf-foot
        if (v4 is M or F34(v4)) and (v0 is M or F41(v0)) and (v22 is M or F117(v22)):
            if v4 is M:
                s[5] += 0.2
            if v0 is M:
                s[0] += 0.2
            if v22 is M:
                s[23] += 0.2
    if v4 is M or v0 is M or v2 is M:
        # other.pregnancy-cramps-mild
        if (v4 is M or F34(v4)) and (v0 is M or F41(v0)) and (v2 is M or ('mild' == v2)):
            if v4 is M:
                s[5] += 0.15
            if v0 is M:
                s[0] += 0.15
            if v2 is M:
                s[3] += 0.15
    if v4 is M or v0 is M or v1 is M:
        # other.pregnancy-one-sided
        if (v4 is M or F34(v4)) and (v0 is M or F41(v0)) and (v1 is M or (True == v1)):
            if v4 is M:
                s[5] += 0.0 + (0.3 if 'pregnancy_cramps' in present else 0.0)
            if v0 is M:
                s[0] += 0.0 + (0.3 if 'pregnancy_cramps' in present else 0.0)
            if v1 is M:
                s[1] += 0.0 + (0.3 if 'pregnancy_cramps' in present else 0.0)
    if v0 is M or v3 is M:
        # other.night-cramps
        if (v0 is M or F41(v0)) and (v3 is M or F50(v3)):
            if v0 is M:
                s[0] += 0.2
            if v3 is M:
                s[4] += 0.2
    if v0 is M or v3 is M or v11 is M:
        # other.night-cramps-older
        if (v0 is M or F41(v0)) and (v3 is M or F50(v3)) and (v11 is M or F36(v11)):
            if v0 is M:
                s[0] += 0.35
            if v3 is M:
                s[4] += 0.35
            if v11 is M:
                s[12] += 0.35
    if v0 is M or v3 is M:
        # other.night-cramps-only
        if (v0 is M or F32(v0)) and (v3 is M or F33(v3)):
            if v0 is M:
                s[0] += 0.3
            if v3 is M:
                s[4] += 0.3
    if v0 is M or v3 is M or v22 is M:
        # other.night-cramps-calves
        if (v0 is M or F41(v0)) and (v3 is M or F50(v3)) and (v22 is M or F118(v22)):
            if v0 is M:
                s[0] += 0.15
            if v3 is M:
                s[4] += 0.15
            if v22 is M:
                s[23] += 0.15
    if v0 is M or v3 is M or v4 is M:
        # other.night-cramps-pregnancy
        if (v0 is M or F41(v0)) and (v3 is M or F50(v3)) and (v4 is M or F34(v4)):
            if v0 is M:
                s[0] += 0.0 + (0.5 if 'nocturnal_leg_cramps' in present else 0.0)
            if v3 is M:
                s[4] += 0.0 + (0.5 if 'nocturnal_leg_cramps' in present else 0.0)
            if v4 is M:
                s[5] += 0.0 + (0.5 if 'nocturnal_leg_cramps' in present else 0.0)
    if v0 is M or v3 is M:
        # other.night-cramps-nerves
        if (v0 is M or (F41(v0) and F119(v0))) and (v3 is M or F50(v3)):
            if v0 is M:
                s[0] += 0.0 + (0.4 if 'nocturnal_leg_cramps' in present else 0.0)
            if v3 is M:
                s[4] += 0.0 + (0.4 if 'nocturnal_leg_cramps' in present else 0.0)
    if v0 is M or v3 is M or v4 is M:
        # other.night-cramps-condition
        if (v0 is M or F41(v0)) and (v3 is M or F50(v3)) and (v4 is M or F120(v4)):
            if v0 is M:
                s[0] += 0.0 + (0.4 if 'nocturnal_leg_cramps' in present else 0.0)
            if v3 is M:
                s[4] += 0.0 + (0.4 if 'nocturnal_leg_cramps' in present else 0.0)
            if v4 is M:
                s[5] += 0.0 + (0.4 if 'nocturnal_leg_cramps' in present else 0.0)
    if v0 is M or v3 is M or v6 is M:
        # other.night-cramps-medicine
        if (v0 is M or F41(v0)) and (v3 is M or F50(v3)) and (v6 is M or F121(v6)):
            if v0 is M:
                s[0] += 0.0 + (0.5 if 'nocturnal_leg_cramps' in present else 0.0)
            if v3 is M:
                s[4] += 0.0 + (0.5 if 'nocturnal_leg_cramps' in present else 0.0)
            if v6 is M:
                s[10] += 0.0 + (0.5 if 'nocturnal_leg_cramps' in present else 0.0)
    if v0 is M or v3 is M:
        # other.night-cramps-low-result
        if (v0 is M or F41(v0)) and (v3 is M or F50(v3)):
            if v0 is M:
                s[0] += 0.0 + (0.6 if 'nocturnal_leg_cramps' in present else 0.0)
            if v3 is M:
                s[4] += 0.0 + (0.6 if 'nocturnal_leg_cramps' in present else 0.0)
    if v12 is M:
        # course.short-illness
        s[13] += 0.0 + (0.2 if 'vitamin_b12' in present else 0.0) + (0.2 if 'vitamin_d' in present else 0.0) + (0.2 if 'iron' in present else 0.0)
    if v5 is M:
        # course.sudden-onset
        s[6] += 0.0 + (0.15 if 'vitamin_b12' in present else 0.0) + (0.15 if 'vitamin_d' in present else 0.0) + (0.15 if 'iron' in present else 0.0)
    if v1 is M:
        # course.one-sided
        s[1] += 0.0 + (0.2 if 'magnesium' in present else 0.0) + (0.2 if 'potassium' in present else 0.0) + (0.2 if 'sodium' in present else 0.0) + (0.2 if 'calcium' in present else 0.0) + (0.2 if 'vitamin_d' in present else 0.0) + (0.2 if 'vitamin_b12' in present else 0.0) + (0.2 if 'vitamin_b6' in present else 0.0) + (0.2 if 'vitamin_b1' in present else 0.0) + (0.2 if 'iron' in present else 0.0) + (0.2 if 'dehydration' in present else 0.0) + (0.2 if 'viral_illness' in present else 0.0) + (0.2 if 'hypothyroidism' in present else 0.0) + (0.2 if 'polymyalgia_rheumatica' in present else 0.0)
    if v6 is M:
        # medication.statin
        s[10] += 0.3
    if v6 is M or v0 is M:
        # medication.statin-muscle-symptoms
        if (v6 is M or F18(v6)) and (v0 is M or F123(v0)):
            if v6 is M:
                s[10] += 0.25
            if v0 is M:
                s[0] += 0.25
    if v6 is M:
        # b12.proton-pump-inhibitor
        s[10] += 0.2
        # b6.isoniazid
        s[10] += 0.25
        # vitamin_d.antiepileptic
        s[10] += 0.2
    if 'hemoglobin_g_dl' not in given:
        # labs.hemoglobin-critically-low
        w = W176[rank]
        if w > 0:
            s[32] += w
    if v12 is M:
        # referral.persistent
        w = W177[rank]
        if w > 0:
            s[13] += w
    if v8 is M:
        # referral.no-rest-relief
        w = W178[rank]
        if w > 0:
            s[33] += w
    if v2 is M:
        # referral.severe
        w = W179[rank]
        if w > 0:
            s[3] += w
    # referral.tingling-numbness
    if 'referral.tingling-numbness' not in fired:
        w = W180[rank]
        if w > 0:
            if R27 is None:
                R27 = NO
                if (v0 is M or F12(v0)):
                    k27 = set()
                    if v0 is M:
                        k27.add(0)
                    ok27 = True
                    if ok27 and 'soreness_of_concern' not in inferred:
                        if R24 is None:
                            R24 = NO
                            if (v12 is M or F137(v12)):
                                k24 = set()
                                if v12 is M:
                                    k24.add(13)
                                ok24 = True
                                if ok24:
                                    R24 = (True, k24)
                        if R25 is None:
                            R25 = NO
                            if (v8 is M or (False == v8)):
                                k25 = set()
                                if v8 is M:
                                    k25.add(33)
                                ok25 = True
                                if ok25:
                                    R25 = (True, k25)
                        if R26 is None:
                            R26 = NO
                            if (v2 is M or ('severe' == v2)):
                                k26 = set()
                                if v2 is M:
                                    k26.add(3)
                                ok26 = True
                                if ok26:
                                    R26 = (True, k26)
                        if R24[0] or R25[0] or R26[0]:
                            if R24[0]:
                                k27 |= R24[1]
                            if R25[0]:
                                k27 |= R25[1]
                            if R26[0]:
                                k27 |= R26[1]
                        else:
                            ok27 = False
                    if ok27:
                        R27 = (True, k27)
            if R27[0]:
                for k in R27[1]:
                    s[k] += w
    # referral.fatigue
    if 'referral.fatigue' not in fired:
        w = W181[rank]
        if w > 0:
            if R28 is None:
                R28 = NO
                if (v0 is M or F55(v0)):
                    k28 = set()
                    if v0 is M:
                        k28.add(0)
                    ok28 = True
                    if ok28 and 'soreness_of_concern' not in inferred:
                        if R24 is None:
                            R24 = NO
                            if (v12 is M or F137(v12)):
                                k24 = set()
                                if v12 is M:
                                    k24.add(13)
                                ok24 = True
                                if ok24:
                                    R24 = (True, k24)
                        if R25 is None:
                            R25 = NO
                            if (v8 is M or (False == v8)):
                                k25 = set()
                                if v8 is M:
                                    k25.add(33)
                                ok25 = True
                                if ok25:
                                    R25 = (True, k25)
                        if R26 is None:
                            R26 = NO
                            if (v2 is M or ('severe' == v2)):
                                k26 = set()
                                if v2 is M:
                                    k26.add(3)
                                ok26 = True
                                if ok26:
                                    R26 = (True, k26)
                        if R24[0] or R25[0] or R26[0]:
                            if R24[0]:
                                k28 |= R24[1]
                            if R25[0]:
                                k28 |= R25[1]
                            if R26[0]:
                                k28 |= R26[1]
                        else:
                            ok28 = False
                    if ok28:
                        R28 = (True, k28)
            if R28[0]:
                for k in R28[1]:
                    s[k] += w
    if v6 is M:
        # referral.medication-statin-fibrate
        w = W182[rank]
        if w > 0:
            s[10] += w
        # referral.medication-statin-macrolide
        w = W183[rank]
        if w > 0:
            s[10] += w
    if v6 is M or v0 is M:
        # referral.medication-diuretic-weakness
        if (v6 is M or F140(v6)) and (v0 is M or F20(v0)):
            w = W184[rank]
            if w > 0:
                if v6 is M:
                    s[10] += w
                if v0 is M:
                    s[0] += w
        # referral.medication-diuretic-cramps
        if (v6 is M or F45(v6)) and (v0 is M or F49(v0)):
            w = W185[rank]
            if w > 0:
                if v6 is M:
                    s[10] += w
                if v0 is M:
                    s[0] += w
        # referral.medication-steroid-weakness
        if (v6 is M or F52(v6)) and (v0 is M or F20(v0)):
            w = W186[rank]
            if w > 0:
                if v6 is M:
                    s[10] += w
                if v0 is M:
                    s[0] += w
    if v4 is M:
        # referral.condition
        w = W187[rank]
        if w > 0:
            s[5] += w
    if v0 is M or v1 is M:
        # referral.calf-swelling-both-sides
        if (v0 is M or F7(v0)) and (v1 is M or (False == v1)):
            w = W189[rank]
            if w > 0:
                if v0 is M:
                    s[0] += w
                if v1 is M:
                    s[1] += w
    # referral.water-overload-symptoms
    if 'referral.water-overload-symptoms' not in fired:
        w = W190[rank]
        if w > 0:
            if R29 is None:
                R29 = NO
                if (v19 is M or F37(v19)) and (v0 is M or F38(v0)):
                    k29 = set()
                    if v19 is M:
                        k29.add(20)
                    if v0 is M:
                        k29.add(0)
                    ok29 = True
                    if ok29 and 'long_or_intense_exercise' not in inferred:
                        if R4 is None:
                            R4 = NO
                            if (v16 is M or ('intense' == v16)):
                                k4 = set()
                                if v16 is M:
                                    k4.add(17)
                                ok4 = True
                                if ok4:
                                    R4 = (True, k4)
                        if R5 is None:
                            R5 = NO
                            if (v17 is M or F30(v17)):
                                k5 = set()
                                if v17 is M:
                                    k5.add(18)
                                ok5 = True
                                if ok5:
                                    R5 = (True, k5)
                        if R4[0] or R5[0]:
                            if R4[0]:
                                k29 |= R4[1]
                            if R5[0]:
                                k29 |= R5[1]
                        else:
                            ok29 = False
                    if ok29:
                        R29 = (True, k29)
            if R29[0]:
                for k in R29[1]:
                    s[k] += w
    if v1 is M or v11 is M:
        # referral.one-sided-pain-older
        if (v1 is M or (True == v1)) and (v11 is M or F36(v11)):
            w = W191[rank]
            if v1 is M:
                s[1] += w
            if v11 is M:
                s[12] += w
    if v1 is M:
        # referral.one-sided-swelling-unknown
        w = W192[rank]
        s[1] += w
    if v13 is M or v0 is M:
        # referral.weakness-with-fluid-loss
        if (v13 is M or F21(v13)) and (v0 is M or F142(v0)):
            w = W193[rank]
            if w > 0:
                if v13 is M:
                    s[14] += w
                if v0 is M:
                    s[0] += w
    if v0 is M:
        # referral.claudication
        w = W194[rank]
        if w > 0:
            s[0] += w
    if v11 is M or v0 is M or v22 is M:
        # referral.pmr-features
        if (v11 is M or F100(v11)) and (v0 is M or F98(v0)) and (v22 is M or F99(v22)):
            w = W195[rank]
            if w > 0:
                if v11 is M:
                    s[12] += w
                if v0 is M:
                    s[0] += w
                if v22 is M:
                    s[23] += w
    if v0 is M:
        # referral.thyroid-symptoms
        w = W196[rank]
        if w > 0:
            s[0] += w
    if v0 is M or v30 is M:
        # referral.nerve-symptoms-worsening
        if (v0 is M or F144(v0)) and (v30 is M or ('worsening' == v30)):
            w = W197[rank]
            if w > 0:
                if v0 is M:
                    s[0] += w
                if v30 is M:
                    s[38] += w
    if 'vitamin_b12_pg_ml' not in given:
        # referral.low-b12-nerves
        if (v0 is M or F144(v0)):
            w = W198[rank]
            if w > 0:
                if v0 is M:
                    s[0] += w
                s[30] += w
    if 'potassium_mmol_l' not in given:
        # referral.low-potassium-symptoms
        if (v0 is M or F57(v0)):
            w = W199[rank]
            if w > 0:
                if v0 is M:
                    s[0] += w
                s[7] += w
    ranked = sorted([(NAMES[n][0], -w, NAMES[n][1]) for n, w in enumerate(s) if w > 0])
    return [name for _, _, name in ranked]
