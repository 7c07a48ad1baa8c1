package org.openholter.station.interfaces;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

import java.util.Date;

/**
 * A patient's vitals of one period as FHIR R4 Observations (heart rate, HRV, AF burden), in one transaction Bundle
 * for the hospital's FHIR server. Each Observation carries an identifier made of device, measurement and period end
 * and is created only if none with it exists ({@code ifNoneExist}), so sending a Bundle again after a lost answer
 * creates nothing twice. The heart rate follows the FHIR vital-signs profile (LOINC 8867-4, UCUM {@code /min},
 * category vital-signs); the others name their LOINC term where one exists, and always their MDC or local code.
 */
public final class FhirObservations {
    public static final String MDC = "urn:iso:std:iso:11073:10101";
    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String SNOMED = "http://snomed.info/sct";
    /** This project's own codes, and the identifier systems of its devices and observations. */
    public static final String LOCAL = "urn:openholter:code";
    public static final String DEVICE_SYSTEM = "urn:openholter:device";
    public static final String OBSERVATION_SYSTEM = "urn:openholter:observation";
    private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /** The transaction Bundle of {@code v}'s observations (no entry for a value the period lacks). */
    public Bundle bundle(Vitals v) {
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.TRANSACTION);
        if (v.heartRateBpm() != null) {
            Observation o = observation(v, "hr", v.heartRateBpm(), "/min", "/min");
            o.getCode().addCoding(new Coding(LOINC, "8867-4", "Heart rate"));
            o.getCode().addCoding(new Coding(MDC, Codes.HEART_RATE.code(), Codes.HEART_RATE.text()));
            o.addCategory(new CodeableConcept(new Coding(CATEGORY, "vital-signs", "Vital Signs")));
            add(b, o);
        }
        if (v.sdnnMs() != null) {
            Observation o = observation(v, "sdnn", v.sdnnMs(), "ms", "ms");
            o.getCode().addCoding(new Coding(LOINC, "80404-7", "R-R interval.standard deviation (Heart rate variability)"));
            o.getCode().addCoding(new Coding(LOCAL, Codes.SDNN.code(), Codes.SDNN.text()));
            add(b, o);
        }
        if (v.rmssdMs() != null) {
            Observation o = observation(v, "rmssd", v.rmssdMs(), "ms", "ms");
            o.getCode().addCoding(new Coding(LOCAL, Codes.RMSSD.code(), Codes.RMSSD.text()));
            add(b, o);
        }
        if (v.afBurdenPct() != null) {
            Observation o = observation(v, "af-burden", v.afBurdenPct(), "%", "%");
            o.getCode().addCoding(new Coding(LOCAL, Codes.AF_BURDEN.code(), Codes.AF_BURDEN.text()));
            add(b, o);
        }
        return b;
    }

    /** The Bundle as FHIR JSON. */
    public static String json(Bundle b) {
        return FHIR.newJsonParser().encodeResourceToString(b);
    }

    /** Parses FHIR JSON (of a Bundle or any resource): what a test's server or a reader does with it. */
    public static org.hl7.fhir.instance.model.api.IBaseResource parse(String json) {
        return FHIR.newJsonParser().parseResource(json);
    }

    private static Observation observation(Vitals v, String what, double value, String unit, String ucum) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addIdentifier(new Identifier().setSystem(OBSERVATION_SYSTEM).setValue(v.deviceId() + "/" + what + "/" + v.toMillis()));
        Identifier device = new Identifier().setSystem(DEVICE_SYSTEM).setValue(v.deviceId());
        // The patient is known by the device until an admission feed binds them (as PID-3 in the HL7 v2 messages).
        o.setSubject(new Reference().setIdentifier(device.copy()).setDisplay(v.ward() == null ? v.deviceId()
                : v.ward() + (v.bed() == null ? "" : " bed " + v.bed())));
        o.setDevice(new Reference().setIdentifier(device));
        o.setCode(new CodeableConcept());
        o.setEffective(new Period().setStartElement(new DateTimeType(new Date(v.fromMillis())))
                .setEndElement(new DateTimeType(new Date(v.toMillis()))));
        o.setValue(new Quantity().setValue(Math.round(value * 10) / 10.0).setUnit(unit).setSystem(UCUM).setCode(ucum));
        return o;
    }

    private static void add(Bundle b, Observation o) {
        Identifier id = o.getIdentifierFirstRep();
        b.addEntry().setResource(o).setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation")
                .setIfNoneExist("identifier=" + id.getSystem() + "|" + id.getValue());
    }
}
