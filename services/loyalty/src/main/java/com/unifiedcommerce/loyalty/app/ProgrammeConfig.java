package com.unifiedcommerce.loyalty.app;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.unifiedcommerce.loyalty.domain.EarnRule;
import com.unifiedcommerce.loyalty.domain.Programme;
import com.unifiedcommerce.loyalty.domain.TierPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The programme's rules as configured; a wrong value stops the service at start. */
@ConfigMapping(prefix = "loyalty.programme")
public interface ProgrammeConfig {

    /** Points are earned on money paid in this currency. */
    @WithDefault("EUR")
    String currency();

    Earn earn();

    /** NAME:threshold (minor units over the spend window):multiplierPercent, comma separated. */
    @WithDefault("BASE:0:100,SILVER:50000:125,GOLD:150000:150")
    String tiers();

    /** Qualifying spend for tiers is counted over this window. */
    @WithDefault("P365D")
    Duration spendWindow();

    Expiry expiry();

    interface Earn {
        @WithDefault("1")
        int pointsPerUnit();

        @WithDefault("100")
        int minorUnitsPerUnit();
    }

    interface Expiry {
        /** Points expire this long after they were credited. */
        @WithDefault("P365D")
        Duration after();

        /** The account shows what expires within this window. */
        @WithDefault("P30D")
        Duration soon();
    }

    @ApplicationScoped
    class Producer {
        @Produces
        @Singleton
        Programme programme(ProgrammeConfig config) {
            return new Programme(
                    config.currency(),
                    new EarnRule(config.earn().pointsPerUnit(), config.earn().minorUnitsPerUnit()),
                    TierPolicy.parse(config.tiers()),
                    config.expiry().after(),
                    config.expiry().soon(),
                    config.spendWindow());
        }
    }
}
